import Testing
@testable import TillWallet

/// BIP-380 checksum vectors, BIP-382 ranged wpkh vector, and what a watch-only till must refuse.
struct DescriptorTests {
    @Test func bip380ChecksumVectors() throws {
        #expect(DescriptorChecksum.checksum("raw(deadbeef)") == "89f8spxm")
        #expect(try DescriptorChecksum.strip("raw(deadbeef)#89f8spxm") == "raw(deadbeef)")
        #expect(try DescriptorChecksum.strip("raw(deadbeef)") == "raw(deadbeef)")
        for bad in ["raw(deadbeef)#", "raw(deadbeef)#89f8spxmx", "raw(deadbeef)#89f8spx", "raw(deedbeef)#89f8spxm",
                    "raw(deedbeef)##9f8spxm", "raw(Ü)#00000000"] {
            #expect(throws: WalletError.self, "\(bad)") { try DescriptorChecksum.strip(bad) }
        }
    }

    @Test func wrongChecksumSaysSoAndNamesTheRightOne() {
        do {
            _ = try DescriptorChecksum.strip("raw(deedbeef)#89f8spxm")
            Issue.record("accepted")
        } catch {
            #expect(error.kind == .badChecksum)
            #expect(error.message.contains("checksum is wrong"))
            #expect(error.message.contains("#" + DescriptorChecksum.checksum("raw(deedbeef)")!))
        }
    }

    // BIP-382: wpkh([ffffffff/13']xpub…/1/2/*) expands to these scripts for indices 0, 1, 2.
    static let bip382 = "wpkh([ffffffff/13']xpub69H7F5d8KSRgmmdJg2KhpAK8SR3DjMwAdkxj3ZuxV27CprR9LgpeyGmXUbC6wb7ERfvrnKZjXoUmmDznezpbZb7ap6r1D3tgFxHmwMkQTPH/1/2/*)"

    @Test func bip382RangedWpkhScripts() throws {
        let wallet = try WatchOnlyWallet(parsing: Self.bip382, network: .bitcoin)
        #expect(wallet.addressType == .p2wpkh)
        let scripts = try (0..<3).map { try wallet.derive(index: $0).scriptPubKey.hex }
        #expect(scripts == ["0014326b2249e3a25d5dc60935f044ee835d090ba859", "0014af0bd98abc2f2cae66e36896a39ffe2d32984fb7",
                            "00141fa798efd1cbf95cebf912c031b8a4a6e9fb9f27"])
        #expect(try wallet.derive(index: 2).path == "m/13'/1/2/2")
        // With a checksum appended it parses the same.
        let withChecksum = Self.bip382 + "#" + DescriptorChecksum.checksum(Self.bip382)!
        #expect(try WatchOnlyWallet(parsing: withChecksum, network: .bitcoin).derive(index: 1).scriptPubKey.hex == scripts[1])
    }

    @Test func sparrowStyleMultipathDescriptorGivesReceiveAndChange() throws {
        // The BIP84 account of "abandon ×11 about" written as plain xpub (same key as the BIP84 zpub).
        let zpub = try ExtendedPublicKey(parsing: AddressVectorTests.bip84Zpub)
        let xpub = zpub.serialized(as: "xpub")
        let body = "wpkh([73c5da0a/84h/0h/0h]\(xpub)/<0;1>/*)"
        let descriptor = body + "#" + DescriptorChecksum.checksum(body)!
        let wallet = try WatchOnlyWallet(parsing: descriptor, network: .bitcoin)
        let receive = try wallet.derive(index: 0), change = try wallet.derive(change: 1, index: 0)
        #expect(receive.address == "bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu")
        #expect(receive.path == "m/84'/0'/0'/0/0")
        #expect(change.address == "bc1q8c6fshw2dlwun7ekn9qwf37cu2rn755upcp6el")
        #expect(change.path == "m/84'/0'/0'/1/0")
        // Same account and type as the zpub: same wallet id.
        #expect(wallet.walletID == (try WatchOnlyWallet(parsing: AddressVectorTests.bip84Zpub, network: .bitcoin)).walletID)
        #expect(wallet.origin?.description == "[73c5da0a/84'/0'/0']")
    }

    @Test func eachScriptFunctionMapsToItsAddressType() throws {
        let xpub = try ExtendedPublicKey(parsing: AddressVectorTests.bip84Zpub).serialized(as: "xpub")
        let cases: [(String, AddressType)] = [("pkh(\(xpub)/0/*)", .p2pkh), ("sh(wpkh(\(xpub)/0/*))", .p2shP2wpkh),
                                              ("wpkh(\(xpub)/0/*)", .p2wpkh), ("tr(\(xpub)/0/*)", .p2tr)]
        for (text, type) in cases {
            let wallet = try WatchOnlyWallet(parsing: text, network: .bitcoin)
            #expect(wallet.addressType == type)
            let plain = try WatchOnlyWallet(parsing: xpub, network: .bitcoin, addressType: type)
            #expect(try wallet.derive(index: 7).address == plain.derive(index: 7).address)
            #expect(try wallet.derive(index: 7).path == "…/0/7")
        }
    }

    @Test func badDescriptorsEachGiveAClearError() throws {
        let xpub = try ExtendedPublicKey(parsing: AddressVectorTests.bip84Zpub).serialized(as: "xpub")
        let xprv = "xprv9s21ZrQH143K3QTDL4LXw2F7HEK3wJUD2nW2nRk4stbPy6cq3jPPqjiChkVvvNKmPGJxWUtg6LnF5kejMRNNU3TGtRBeJgk33yuGBxrMPHi"
        let cases: [(String, WalletError.Kind, String)] = [
            ("wpkh(\(xprv)/0/*)", .privateMaterial, "watch-only"),
            ("wpkh(L4rK1yDtCWekvXuE6oXD9jCYfFNV2cWRpVuPLBcCU2z8TrisoyY1)", .privateMaterial, "WIF"),
            ("wpkh(\(xpub)/0h/*)", .unsupported, "hardened"),
            ("wpkh(\(xpub)/0/*h)", .unsupported, "hardened"),
            ("wpkh(\(xpub)/0)", .badDescriptor, "/*"),
            ("wsh(multi(1,\(xpub)/0/*))", .unsupported, "not supported"),
            ("tr(\(xpub)/0/*,{pk(\(xpub)/1/*)})", .unsupported, "script tree"),
            ("wpkh([deadbef/0h]\(xpub)/0/*)", .badDescriptor, "8 hex"),
            ("wpkh(0260b2003c386519fc9eadf2b5cf124dd8eea4c4e68d5e154050a9346ea98ce600)", .unsupported, "single public key"),
            ("wpkh(\(xpub)/0/*", .badDescriptor, "parentheses"),
            ("wpkh(\(xpub)/<0;1/*)", .badDescriptor, "multipath"),
        ]
        for (text, kind, phrase) in cases {
            do {
                _ = try OutputDescriptor(parsing: text)
                Issue.record("accepted \(text)")
            } catch {
                #expect(error.kind == kind, "\(text): \(error.message)")
                #expect(error.message.contains(phrase), "\(text): \(error.message)")
            }
        }
    }

    @Test func changeOnASingleChainDescriptorIsAnError() throws {
        let wallet = try WatchOnlyWallet(parsing: Self.bip382, network: .bitcoin)
        #expect(throws: WalletError.self) { try wallet.derive(change: 1, index: 0) }
    }
}
