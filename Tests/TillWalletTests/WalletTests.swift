import Testing
@testable import TillWallet

/// The high-level wallet: type and network checks, ids, scripts ↔ addresses.
struct WalletTests {
    @Test func mismatchedNetworksAndTypesAreRefused() throws {
        let zpub = AddressVectorTests.bip84Zpub
        let cases: [(String, Network, AddressType?, String)] = [
            (zpub, .testnet, nil, "testnet"),
            (zpub, .bitcoin, .p2pkh, "SLIP-132"),
            (AddressVectorTests.bip44Xpub, .bitcoin, nil, "address type"),
            (AddressVectorTests.bip49Upub, .bitcoin, nil, "test network"),
            (zpub, .ethereum, nil, "address type is evm"),
            (AddressVectorTests.bip44Xpub, .litecoin, .p2tr, "taproot"),
            ("wpkh(\(AddressVectorTests.bip44Xpub)/0/*)", .bitcoin, .p2tr, "descriptor is p2wpkh"),
            ("zpub6rFR7y4Q2AijBEqTUquhVz398htDFrtymD9xYYfG1m4wAcvPhXNfE3EfH1r1ADqtfSdVCToUG868RvUUkgDKf31mGDtKsAYz2oz2AGutZYt", .bitcoin, nil, "checksum"),
            ("zpub6rFR7y4Q2Aij", .bitcoin, nil, "base58"),
            ("hello world", .bitcoin, nil, "base58"),
        ]
        for (text, network, type, phrase) in cases {
            do {
                _ = try WatchOnlyWallet(parsing: text, network: network, addressType: type)
                Issue.record("accepted (\(phrase))")
            } catch {
                #expect(error.message.contains(phrase), "\(error.message)")
            }
        }
    }

    @Test func regtestAndTestnetPrefixes() throws {
        let zpub = try ExtendedPublicKey(parsing: AddressVectorTests.bip84Zpub)
        let vpub = zpub.serialized(as: "vpub")
        let regtest = try WatchOnlyWallet(parsing: vpub, network: .regtest)
        let testnet = try WatchOnlyWallet(parsing: vpub, network: .testnet)
        #expect(try regtest.derive(index: 0).address.hasPrefix("bcrt1q"))
        #expect(try testnet.derive(index: 0).address.hasPrefix("tb1q"))
        #expect(try regtest.derive(index: 0).scriptPubKey == testnet.derive(index: 0).scriptPubKey)
        #expect(regtest.walletID != testnet.walletID)
        let tpub = zpub.serialized(as: "tpub")
        #expect(try WatchOnlyWallet(parsing: tpub, network: .signet, addressType: .p2tr).derive(index: 0).address.hasPrefix("tb1p"))
        #expect(try WatchOnlyWallet(parsing: tpub, network: .regtest, addressType: .p2pkh).derive(index: 0).address.first.map { "mn".contains($0) } == true)
    }

    @Test func scriptAndAddressConvertBothWaysForEveryType() throws {
        let xpub = try ExtendedPublicKey(parsing: AddressVectorTests.bip84Zpub).serialized(as: "xpub")
        for network in [Network.bitcoin, .testnet, .regtest, .litecoin, .litecoinTestnet] {
            let key = network.isTestnet ? try ExtendedPublicKey(parsing: xpub).serialized(as: "tpub") : xpub
            for type in [AddressType.p2pkh, .p2shP2wpkh, .p2wpkh, .p2tr] where !(network.coin == .litecoin && type == .p2tr) {
                let derived = try WatchOnlyWallet(parsing: key, network: network, addressType: type).derive(index: 3)
                #expect(try AddressEncoding.scriptPubKey(address: derived.address, network: network) == derived.scriptPubKey)
                #expect(AddressEncoding.address(scriptPubKey: derived.scriptPubKey, network: network) == derived.address)
            }
        }
        #expect(throws: WalletError.self) { try AddressEncoding.scriptPubKey(address: "1LqBGSKuX5yYUonjxT5qGfpUsXKYYWeabA", network: .litecoin) }
        #expect(throws: WalletError.self) { try AddressEncoding.scriptPubKey(address: "bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu", network: .regtest) }
    }

    @Test func walletIDIsStableAndDistinguishesTypes() throws {
        let xpub = AddressVectorTests.bip44Xpub
        let a = try WatchOnlyWallet(parsing: xpub, network: .bitcoin, addressType: .p2pkh)
        let b = try WatchOnlyWallet(parsing: " \(xpub)\n", network: .bitcoin, addressType: .p2pkh)
        let c = try WatchOnlyWallet(parsing: xpub, network: .bitcoin, addressType: .p2wpkh)
        #expect(a.walletID == b.walletID)
        #expect(a.walletID != c.walletID)
        #expect(a.walletID.count == 16)
    }

    @Test func indexOutOfRangeIsAnError() throws {
        let wallet = try WatchOnlyWallet(parsing: AddressVectorTests.bip84Zpub, network: .bitcoin)
        #expect(throws: WalletError.self) { try wallet.derive(index: -1) }
        #expect(throws: WalletError.self) { try wallet.derive(index: 1 << 31) }
        #expect(throws: WalletError.self) { try wallet.derive(change: 2, index: 0) }
    }

    @Test func privateMaterialOfEveryKindIsRefused() {
        let inputs = [
            "xprv9s21ZrQH143K3QTDL4LXw2F7HEK3wJUD2nW2nRk4stbPy6cq3jPPqjiChkVvvNKmPGJxWUtg6LnF5kejMRNNU3TGtRBeJgk33yuGBxrMPHi",
            "zprvAdG4iTXWBoARxkkzNpNh8r6Qag3irQB8PzEMkAFeTRXxHpbF9z4QgEvBRmfvqWvGp42t42nvgGpNgYSJA9iefm1yYNZKEm7z6qUWCroSQnE",
            "yprvAHwhK6RbpuS3dgCYHM5jc2ZvEKd7Bi61u9FVhYMpgMSuZS613T1xxQeKTffhrHY79hZ5PsskBjcc6C2V7DrnsMsNaGDaWev3GLRQRgV7hxF",
            "uprv91G7gZkzehuMVxDJTYE6tLivdF8e4rvzSu1LFfKw3b2Qx1Aj8vpoFnHdfUZ3hmi9jsvPifmZ24RTN2KhwB8BfMLTVqaBReibyaFFcTP1s9n",
            "wpkh([deadbeef/84h/0h/0h]xprvA1RpRA33e1JQ7ifknakTFpgNXPmW2YvmhqLQYMmrj4xJXXWYpDPS3xz7iAxn8L39njGVyuoseXzU6rcxFLJ8HFsTjSyQbLYnMpCqE2VbFWc/0/*)",
            "pkh(5KYZdUEo39z3FPrtuX2QbbwGnNP5zTd7yyr2SC1j299sBCnWjss)",
        ]
        for input in inputs {
            do {
                _ = try WatchOnlyWallet(parsing: input, network: input.hasPrefix("uprv") ? .testnet : .bitcoin, addressType: nil)
                Issue.record("accepted \(input.prefix(10))")
            } catch {
                #expect(error.kind == .privateMaterial, "\(input.prefix(10)): \(error.message)")
                #expect(error.message.contains("watch-only"))
                #expect(!error.message.contains(String(input.dropFirst(12).prefix(20))), "the message must not echo the secret")
            }
        }
    }

    /// The wallet id keys the address index: a renamed type must not change it (a new id would reuse addresses).
    @Test func walletIDsStayWhatTheyWere() throws {
        let ethereum = "xpub6DCoCpSuQZB2jawqnGMEPS63ePKWkwWPH4TU45Q7LPXWuNd8TMtVxRrgjtEshuqpK3mdhaWHPFsBngh5GFZaM6si3yZdUsT8ddYM3PwnATt"
        // sha256("ethereum|ethereum|<chain code>|<public key>|0;1"), first 8 bytes: the id before `evm` was the name.
        for type in [nil, AddressType.evm] {
            #expect(try WatchOnlyWallet(parsing: ethereum, network: .ethereum, addressType: type).walletID == "48d937f534dfeb4a")
        }
    }

    @Test func addressTypesHaveOneNameWithTheOldOnesAccepted() {
        #expect(AddressType.allCases.map(\.rawValue) == ["p2pkh", "p2sh-p2wpkh", "p2wpkh", "p2tr", "evm"])
        for (word, type) in [("evm", AddressType.evm), ("ethereum", .evm), ("ETH", .evm), ("bip84", .p2wpkh), ("p2sh-p2wpkh", .p2shP2wpkh)] {
            #expect(AddressType(configName: word) == type, "\(word)")
        }
        #expect(AddressType(configName: "p2foo") == nil)
        #expect(AddressType.inferred(fromWallet: " zpub6rFR7") == .p2wpkh)
        #expect(AddressType.inferred(fromWallet: "sh(wpkh([d34db33f/49'/0'/0']xpub…/0/*))") == .p2shP2wpkh)
        #expect(AddressType.inferred(fromWallet: "combo(xpub…)") == nil)
    }
}
