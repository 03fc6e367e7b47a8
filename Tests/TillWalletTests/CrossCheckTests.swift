import Foundation
import Testing
import TillTestSupport
@testable import TillWallet

/// 1,000 receive addresses per address type compared with an independent implementation
/// (embit + pycryptodome from PyPI, installed by .ci/peers/wallet.sh).
struct CrossCheckTests {
    static let count = 1000
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Support/derive_addresses.py")

    static let cases: [(type: AddressType, key: String, network: Network, pythonNetwork: String)] = [
        (.p2pkh, AddressVectorTests.bip44Xpub, .bitcoin, "main"),
        (.p2shP2wpkh, AddressVectorTests.bip49Ypub, .bitcoin, "main"),
        (.p2wpkh, AddressVectorTests.bip84Zpub, .bitcoin, "main"),
        (.p2tr, AddressVectorTests.bip86Xpub, .bitcoin, "main"),
        (.evm, "xpub6DCoCpSuQZB2jawqnGMEPS63ePKWkwWPH4TU45Q7LPXWuNd8TMtVxRrgjtEshuqpK3mdhaWHPFsBngh5GFZaM6si3yZdUsT8ddYM3PwnATt",
         .ethereum, "main"),
        (.p2shP2wpkh, AddressVectorTests.bip49Upub, .regtest, "regtest"),
        // The BIP86 account re-encoded as tpub: bech32m with the "bcrt" prefix.
        (.p2tr, (try? ExtendedPublicKey(parsing: AddressVectorTests.bip86Xpub).serialized(as: "tpub")) ?? "", .regtest, "regtest"),
    ]

    @Test(arguments: 0..<cases.count) func thousandAddressesMatchEmbit(_ number: Int) async throws {
        let entry = Self.cases[number]
        let python = try TestPeers.require(TestPeers.python, what: "Python venv with embit (wallet cross-check)")
        let output = try await Processes.run(python.path, [Self.script.path, entry.type.rawValue, entry.pythonNetwork, entry.key, String(Self.count)])
        try #require(output.status == 0, "reference script failed (run `bash .ci/test` to install embit): \(output.stderr)")
        let expected = output.stdout.split(separator: "\n").map(String.init)
        try #require(expected.count == Self.count, "reference printed \(expected.count) lines")
        let wallet = try WatchOnlyWallet(parsing: entry.key, network: entry.network,
                                         addressType: entry.type == .evm ? nil : entry.type)
        var mismatches: [String] = []
        for index in 0..<Self.count {
            let ours = try wallet.derive(index: index).address
            if ours != expected[index] { mismatches.append("\(index): \(ours) ≠ \(expected[index])") }
        }
        #expect(mismatches.isEmpty, "\(entry.type.rawValue) on \(entry.network.name): \(mismatches.count) differ, first \(mismatches.prefix(3))")
    }
}
