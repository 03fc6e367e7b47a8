// TillWallet
