import Testing
import TillCore
@testable import TillWallet

/// BIP44/49/84/86, SLIP-132, EIP-55 and Keccak vectors from their official texts.
struct AddressVectorTests {
    // SLIP-132 (satoshilabs/slips slip-0132.md), mnemonic "abandon ×11 about".
    static let bip44Xpub = "xpub6BosfCnifzxcFwrSzQiqu2DBVTshkCXacvNsWGYJVVhhawA7d4R5WSWGFNbi8Aw6ZRc1brxMyWMzG3DSSSSoekkudhUd9yLb6qx39T9nMdj"
    static let bip49Ypub = "ypub6Ww3ibxVfGzLrAH1PNcjyAWenMTbbAosGNB6VvmSEgytSER9azLDWCxoJwW7Ke7icmizBMXrzBx9979FfaHxHcrArf3zbeJJJUZPf663zsP"
    static let bip84Zpub = "zpub6rFR7y4Q2AijBEqTUquhVz398htDFrtymD9xYYfG1m4wAcvPhXNfE3EfH1r1ADqtfSdVCToUG868RvUUkgDKf31mGDtKsAYz2oz2AGutZYs"
    // BIP86 (bitcoin/bips bip-0086.mediawiki) account 0 xpub.
    static let bip86Xpub = "xpub6BgBgsespWvERF3LHQu6CnqdvfEvtMcQjYrcRzx53QJjSxarj2afYWcLteoGVky7D3UKDP9QyrLprQ3VCECoY49yfdDEHGCtMMj92pReUsQ"
    // BIP49 testnet account 0 (bip-0049.mediawiki).
    static let bip49Upub = "upub5EFU65HtV5TeiSHmZZm7FUffBGy8UKeqp7vw43jYbvZPpoVsgU93oac7Wk3u6moKegAEWtGNF8DehrnHtv21XXEMYRUocHqguyjknFHYfgY"

    @Test func slip132BIP44FirstAddress() throws {
        let wallet = try WatchOnlyWallet(parsing: Self.bip44Xpub, network: .bitcoin, addressType: .p2pkh)
        #expect(try wallet.derive(index: 0).address == "1LqBGSKuX5yYUonjxT5qGfpUsXKYYWeabA")
    }

    @Test func slip132BIP49FirstAddressFromYpubAlone() throws {
        let wallet = try WatchOnlyWallet(parsing: Self.bip49Ypub, network: .bitcoin)
        #expect(wallet.addressType == .p2shP2wpkh)
        #expect(try wallet.derive(index: 0).address == "37VucYSaXLCAsxYyAPfbSi9eh4iEcbShgf")
    }

    @Test func bip84ReceiveAndChangeAddresses() throws {
        let wallet = try WatchOnlyWallet(parsing: Self.bip84Zpub, network: .bitcoin)
        let first = try wallet.derive(index: 0)
        #expect(first.address == "bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu")
        #expect(first.scriptPubKey.hex == "0014c0cebcd6c3d3ca8c75dc5ec62ebe55330ef910e2")
        #expect(try wallet.derive(index: 1).address == "bc1qnjg0jd8228aq7egyzacy8cys3knf9xvrerkf9g")
        #expect(try wallet.derive(change: 1, index: 0).address == "bc1q8c6fshw2dlwun7ekn9qwf37cu2rn755upcp6el")
        #expect(first.path == "…/0/0")
    }

    @Test func bip49TestnetVector() throws {
        let wallet = try WatchOnlyWallet(parsing: Self.bip49Upub, network: .testnet)
        #expect(try wallet.derive(index: 0).address == "2Mww8dCYPUpKHofjgcXcBCEGmniw9CoaiD2")
    }

    @Test func bip86TaprootVectors() throws {
        let wallet = try WatchOnlyWallet(parsing: Self.bip86Xpub, network: .bitcoin, addressType: .p2tr)
        let first = try wallet.derive(index: 0)
        #expect(first.scriptPubKey.hex == "5120a60869f0dbcf1dc659c9cecbaf8050135ea9e8cdc487053f1dc6880949dc684c")
        #expect(first.address == "bc1p5cyxnuxmeuwuvkwfem96lqzszd02n6xdcjrs20cac6yqjjwudpxqkedrcr")
        #expect(try wallet.derive(index: 1).address == "bc1p4qhjn9zdvkux4e44uhx8tc55attvtyu358kutcqkudyccelu0was9fqzwh")
        #expect(try wallet.derive(change: 1, index: 0).address == "bc1p3qkhfews2uk44qtvauqyr2ttdsw7svhkl9nkm9s9c3x4ax5h60wqwruhk7")
        // The BIP also lists the internal key of m/86'/0'/0'/0/0: x-only form of the derived key.
        let child = try ExtendedPublicKey(parsing: Self.bip86Xpub).derive([0, 0])
        #expect(Array(child.publicKey.dropFirst()).hex == "cc8a4bc64d897bddc5fbc2f670f7a8ba0b386779106cf1223c6fc5d7cd6fc115")
        #expect(child.serialized() == "xpub6H3W6JmYJXN49h5TfcVjLC3onS6uPeUTTJoVvRC8oG9vsTn2J8LwigLzq5tHbrwAzH9DGo6ThGUdWsqce8dGfwHVBxSbixjDADGGdzF7t2B")
    }

    @Test func slip132PrefixesMapToTheirVersionBytes() throws {
        let zpub = try ExtendedPublicKey(parsing: Self.bip84Zpub)
        #expect(zpub.version == 0x04b2_4746)
        #expect(zpub.versionPrefix == "zpub")
        // Re-encoding with other registered bytes yields keys that start with those prefixes and parse back.
        for prefix in ["xpub", "ypub", "zpub", "tpub", "upub", "vpub", "Ltub", "Mtub", "ttub"] {
            let text = zpub.serialized(as: prefix)
            #expect(text.hasPrefix(prefix), "\(prefix) → \(text.prefix(6))")
            let back = try ExtendedPublicKey(parsing: text)
            #expect(back.publicKey == zpub.publicKey && back.chainCode == zpub.chainCode)
        }
    }

    @Test func privateVersionsAreRefused() throws {
        let zpub = try ExtendedPublicKey(parsing: Self.bip84Zpub)
        // Same payload under each private prefix: the bytes say private, so it must be refused even though the key is public.
        for (prefix, bytes) in [("xprv", 0x0488_ade4), ("yprv", 0x049d_7878), ("zprv", 0x04b2_430c), ("tprv", 0x0435_8394),
                                ("uprv", 0x044a_4e28), ("vprv", 0x045f_18bc), ("Ltpv", 0x019d_9cfe), ("Mtpv", 0x01b2_6792)] as [(String, UInt32)] {
            let text = Base58.encodeCheck(bytes.bigEndianBytes + Array(Base58.decodeCheckUnsafe(zpub.serialized()).dropFirst(4)))
            #expect(text.hasPrefix(prefix))
            do {
                _ = try ExtendedPublicKey(parsing: text)
                Issue.record("\(prefix) accepted")
            } catch {
                #expect(error.kind == .privateMaterial)
                #expect(error.message.contains("watch-only"))
            }
        }
    }

    @Test func litecoinAcceptsLtubAndPlainXpub() throws {
        let zpub = try ExtendedPublicKey(parsing: Self.bip84Zpub)
        let ltub = try WatchOnlyWallet(parsing: zpub.serialized(as: "Ltub"), network: .litecoin, addressType: .p2pkh)
        let xpub = try WatchOnlyWallet(parsing: zpub.serialized(as: "xpub"), network: .litecoin, addressType: .p2pkh)
        #expect(try ltub.derive(index: 3).address == xpub.derive(index: 3).address)
        #expect(try ltub.derive(index: 0).address.hasPrefix("L"))
        let mtub = try WatchOnlyWallet(parsing: zpub.serialized(as: "Mtub"), network: .litecoin)
        #expect(try mtub.derive(index: 0).address.hasPrefix("M"))
        let segwit = try WatchOnlyWallet(parsing: zpub.serialized(as: "xpub"), network: .litecoin, addressType: .p2wpkh)
        #expect(try segwit.derive(index: 0).address.hasPrefix("ltc1q"))
        // Same key hash as the Bitcoin vector, Litecoin's prefix.
        let btc = try WatchOnlyWallet(parsing: Self.bip84Zpub, network: .bitcoin)
        #expect(try AddressEncoding.scriptPubKey(address: segwit.derive(index: 0).address, network: .litecoin) == btc.derive(index: 0).scriptPubKey)
        #expect(throws: WalletError.self) { try WatchOnlyWallet(parsing: zpub.serialized(as: "Ltub"), network: .bitcoin, addressType: .p2pkh) }
    }

    // EIP-55 (ethereum/EIPs eip-55.md) and go-ethereum's types_test.go.
    static let eip55 = [
        "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
        "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB", "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb",
        "0x52908400098527886E0F7030069857D2E4169EE7", "0x8617E340B3D01FA5F11F306F4090FD50E238070D",
        "0xde709f2102306220921060314715629080e2fb77", "0x27b1fdb04752bbc536007a920d24acb045561c26",
    ]

    @Test(arguments: eip55) func eip55Checksum(_ address: String) throws {
        let bytes = try #require(Hex.decode(String(address.dropFirst(2))))
        #expect(EthereumAddress.checksummed(bytes) == address)
        #expect(try EthereumAddress.parse(address) == bytes)
    }

    @Test func eip55RejectsAWrongCase() {
        let flipped = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD"
        #expect(throws: WalletError.self) { try EthereumAddress.parse(flipped) }
    }

    @Test func keccakVectors() {
        #expect(Keccak.hash256([]).hex == "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470")
        #expect(Array(Keccak.hash256(Array("transfer(address,uint256)".utf8)).prefix(4)).hex == "a9059cbb")
        #expect(Keccak.hash256(Array("Transfer(address,address,uint256)".utf8)).hex
            == "ddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef")
        // Input longer than one 136-byte block exercises absorbing several blocks; compare two splits of the work.
        let long = [UInt8](repeating: 0x61, count: 300)
        #expect(Keccak.hash256(long) != Keccak.hash256(Array(long.dropLast())))
    }

    @Test func ethereumAccountXpubGivesTheBIP44Addresses() throws {
        // m/44'/60'/0' of "abandon ×11 about"; addresses 0/0..0/2 are the widely published golden values.
        let xpub = "xpub6DCoCpSuQZB2jawqnGMEPS63ePKWkwWPH4TU45Q7LPXWuNd8TMtVxRrgjtEshuqpK3mdhaWHPFsBngh5GFZaM6si3yZdUsT8ddYM3PwnATt"
        let wallet = try WatchOnlyWallet(parsing: xpub, network: .ethereum)
        #expect(try wallet.derive(index: 0).address == "0x9858EfFD232B4033E47d90003D41EC34EcaEda94")
        #expect(try wallet.derive(index: 1).address == "0x6Fac4D18c912343BF86fa7049364Dd4E424Ab9C0")
        #expect(try wallet.derive(index: 2).address == "0xb6716976A3ebe8D39aCEB04372f22Ff8e6802D7A")
    }

    @Test func hashesMatchTheirKnownDigests() {
        #expect(Hashes.ripemd160(Array("abc".utf8)).hex == "8eb208f7e05d987a9b044a8e98c6b087f15a0bfc")
        #expect(Hashes.sha256(Array("abc".utf8)).hex == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }
}

extension Base58 {
    /// Test helper: payload of known-good base58check text.
    static func decodeCheckUnsafe(_ text: String) -> [UInt8] { (try? decodeCheck(text, what: "test")) ?? [] }
}
