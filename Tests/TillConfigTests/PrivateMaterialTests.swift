import Testing
@testable import TillConfig
import TillWallet

/// Public test vectors only: BIP32 test vector 1, the Bitcoin wiki's WIF example, BIP39 "abandon … about".
@Suite struct PrivateMaterialTests {
    static let tv1xprv = "xprv9s21ZrQH143K3QTDL4LXw2F7HEK3wJUD2nW2nRk4stbPy6cq3jPPqjiChkVvvNKmPGJxWUtg6LnF5kejMRNNU3TGtRBeJgk33yuGBxrMPHi"
    static let tv1xpub = "xpub661MyMwAqRbcFtXgS5sYJABqqG9YLmC4Q1Rdap9gSE8NqtwybGhePY2gZ29ESFjqJoCu1Rupje8YtGqsefD265TMg7usUDFdp6W1EGMcet8"
    static let bip84zpub = "zpub6rFR7y4Q2AijBEqTUquhVz398htDFrtymD9xYYfG1m4wAcvPhXNfE3EfH1r1ADqtfSdVCToUG868RvUUkgDKf31mGDtKsAYz2oz2AGutZYs"
    static let wikiKeyHex = "0C28FCA386C7A227600B2FE50B7CAE11EC86D3BF1FBE471BE89827E19D72AA1D"
    static let wikiWIF = "5HueCGU8rMjxEXxiPuD5BDku4MkFqeZyd4dZ1jvhTVqvbTLvyTJ"
    static let abandon12 = Array(repeating: "abandon", count: 11).joined(separator: " ") + " about"
    static let abandon24 = Array(repeating: "abandon", count: 23).joined(separator: " ") + " art"

    /// The TV1 master key re-encoded under another SLIP-132 private version (zprv, tprv, …).
    static func reversioned(_ version: [UInt8]) -> String {
        let payload = (try? Base58.decodeCheck(tv1xprv, what: "key"))!
        return Base58.encodeCheck(version + payload.dropFirst(4))
    }

    static func wif(version: UInt8, compressed: Bool) -> String {
        var bytes: [UInt8] = [version]
        var hex = Substring(wikiKeyHex)
        while !hex.isEmpty { bytes.append(UInt8(hex.prefix(2), radix: 16)!); hex = hex.dropFirst(2) }
        return Base58.encodeCheck(bytes + (compressed ? [0x01] : []))
    }

    @Test func base58RoundTripsAndVerifiesChecksums() {
        let payload = try? Base58.decodeCheck(Self.tv1xpub, what: "key")
        #expect(payload?.count == 78)
        #expect(payload.map { Base58.encodeCheck($0) } == Self.tv1xpub)
        #expect((try? Base58.decodeCheck(String(Self.tv1xpub.dropLast()) + "9", what: "key")) == nil)
        #expect(Self.wif(version: 0x80, compressed: false) == Self.wikiWIF)
    }

    static let privateSamples: [(String, PrivateMaterialKind)] = [
        (tv1xprv, .extendedPrivateKey),
        (reversioned([0x04, 0xB2, 0x43, 0x0C]), .extendedPrivateKey),   // zprv
        (reversioned([0x04, 0x35, 0x83, 0x94]), .extendedPrivateKey),   // tprv
        (reversioned([0x04, 0x4A, 0x4E, 0x28]), .extendedPrivateKey),   // uprv
        (reversioned([0x04, 0x5F, 0x18, 0xBC]), .extendedPrivateKey),   // vprv
        (reversioned([0x04, 0x9D, 0x78, 0x78]), .extendedPrivateKey),   // yprv
        (reversioned([0x01, 0x9D, 0x9C, 0xFE]), .extendedPrivateKey),   // Ltpv
        (reversioned([0x01, 0xB2, 0x67, 0x92]), .extendedPrivateKey),   // Mtpv
        ("wpkh([73c5da0a/84h/0h/0h]\(tv1xprv)/0/*)", .extendedPrivateKey),
        (wikiWIF, .wif),
        (wif(version: 0x80, compressed: true), .wif),
        (wif(version: 0xEF, compressed: true), .wif),
        (wif(version: 0xB0, compressed: false), .wif),
        ("pkh(\(wif(version: 0xEF, compressed: true)))", .wif),
        (wikiKeyHex, .hexPrivateKey),
        ("0x" + wikiKeyHex.lowercased(), .hexPrivateKey),
        (abandon12, .seedPhrase),
        (abandon24.uppercased(), .seedPhrase),
    ]

    @Test(arguments: privateSamples.indices)
    func privateMaterialIsFound(index: Int) {
        let (text, kind) = Self.privateSamples[index]
        #expect(PrivateMaterial.find(in: text) == kind, "sample \(index)")
    }

    @Test func reversionedKeysHaveTheExpectedPrefixes() {
        #expect(Self.reversioned([0x04, 0xB2, 0x43, 0x0C]).hasPrefix("zprv"))
        #expect(Self.reversioned([0x04, 0x35, 0x83, 0x94]).hasPrefix("tprv"))
        #expect(Self.reversioned([0x01, 0x9D, 0x9C, 0xFE]).hasPrefix("Ltpv"))
        #expect(Self.reversioned([0x01, 0xB2, 0x67, 0x92]).hasPrefix("Mtpv"))
    }

    @Test func publicMaterialAndOrdinaryTextPass() {
        let fine = [
            Self.tv1xpub, Self.bip84zpub,
            "wpkh([73c5da0a/84h/0h/0h]\(Self.bip84zpub)/<0;1>/*)#8z2vsqh3",
            "tr([73c5da0a/86h/0h/0h]\(Self.tv1xpub)/0/*)",
            "0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913",
            "bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu",
            "Thank you for shopping with us, please come again soon and bring a friend",
            "abandon ability able about above absent absorb abstract",   // 8 words: not a phrase length
            "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
        ]
        for text in fine { #expect(PrivateMaterial.find(in: text) == nil, "\(text)") }
        #expect(PrivateMaterial.find(in: Self.wikiKeyHex, allowHex: true) == nil)
        #expect(PrivateMaterial.find(in: Self.tv1xprv, allowHex: true) == .extendedPrivateKey)
    }
}
