/// A registered BIP32/SLIP-132 version prefix: which network kind, coin and script type an extended key announces.
struct KeyVersion: Sendable {
    let prefix: String
    let bytes: UInt32
    let isPrivate: Bool
    let isTestnet: Bool
    /// nil when several coins share the bytes (xpub is also Litecoin Core's and Ethereum wallets').
    let coin: Coin?
    /// The script type SLIP-132 ties to the prefix; nil for xpub/tpub/Ltub, which say nothing definite.
    let addressType: AddressType?
    /// Ypub/Zpub/Upub/Vpub describe multisig accounts, which a single-key till cannot watch.
    let isMultisig: Bool

    private init(_ prefix: String, _ bytes: UInt32, privateKey: Bool = false, testnet: Bool = false, coin: Coin? = nil,
                 type: AddressType? = nil, multisig: Bool = false) {
        self.prefix = prefix
        self.bytes = bytes
        self.isPrivate = privateKey
        self.isTestnet = testnet
        self.coin = coin
        self.addressType = type
        self.isMultisig = multisig
    }

    /// SLIP-132 table (satoshilabs/slips slip-0132.md) plus BIP32's own xpub/xprv/tpub/tprv.
    static let all: [KeyVersion] = [
        KeyVersion("xpub", 0x0488_b21e),
        KeyVersion("xprv", 0x0488_ade4, privateKey: true),
        KeyVersion("ypub", 0x049d_7cb2, type: .p2shP2wpkh),
        KeyVersion("yprv", 0x049d_7878, privateKey: true),
        KeyVersion("zpub", 0x04b2_4746, type: .p2wpkh),
        KeyVersion("zprv", 0x04b2_430c, privateKey: true),
        KeyVersion("Ypub", 0x0295_b43f, multisig: true),
        KeyVersion("Yprv", 0x0295_b005, privateKey: true),
        KeyVersion("Zpub", 0x02aa_7ed3, multisig: true),
        KeyVersion("Zprv", 0x02aa_7a99, privateKey: true),
        KeyVersion("tpub", 0x0435_87cf, testnet: true),
        KeyVersion("tprv", 0x0435_8394, privateKey: true, testnet: true),
        KeyVersion("upub", 0x044a_5262, testnet: true, type: .p2shP2wpkh),
        KeyVersion("uprv", 0x044a_4e28, privateKey: true, testnet: true),
        KeyVersion("Upub", 0x0242_89ef, testnet: true, multisig: true),
        KeyVersion("Uprv", 0x0242_85b5, privateKey: true, testnet: true),
        KeyVersion("vpub", 0x045f_1cf6, testnet: true, type: .p2wpkh),
        KeyVersion("vprv", 0x045f_18bc, privateKey: true, testnet: true),
        KeyVersion("Vpub", 0x0257_5483, testnet: true, multisig: true),
        KeyVersion("Vprv", 0x0257_5048, privateKey: true, testnet: true),
        KeyVersion("Ltub", 0x019d_a462, coin: .litecoin),
        KeyVersion("Ltpv", 0x019d_9cfe, privateKey: true, coin: .litecoin),
        KeyVersion("Mtub", 0x01b2_6ef6, coin: .litecoin, type: .p2shP2wpkh),
        KeyVersion("Mtpv", 0x01b2_6792, privateKey: true, coin: .litecoin),
        KeyVersion("ttub", 0x0436_f6e1, testnet: true, coin: .litecoin),
        KeyVersion("ttpv", 0x0436_ef7d, privateKey: true, testnet: true, coin: .litecoin),
    ]

    static func lookup(_ bytes: UInt32) -> KeyVersion? { all.first { $0.bytes == bytes } }

    static func named(_ prefix: String) -> KeyVersion? { all.first { $0.prefix == prefix } }

    /// True when a key with this version may be used on `network`.
    func fits(_ network: Network) -> Bool {
        guard isTestnet == network.isTestnet else { return false }
        if let coin { return coin == network.coin }
        // SLIP-132's y/z/u/v versions are Bitcoin's, but Litecoin wallets (Electrum-LTC) export them too;
        // Ethereum wallets export plain xpub only.
        return network.coin != .ethereum || prefix == "xpub"
    }
}
