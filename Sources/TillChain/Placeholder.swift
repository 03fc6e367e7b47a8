// TillChain
