import Testing
import TillCore
@testable import TillWallet

/// The Swift RIPEMD-160 (the fallback when libcrypto has none, as in OpenSSL 3.0.0–3.0.6) against the published
/// test vectors, and against libcrypto's on random inputs.
struct RIPEMD160Tests {
    @Test(arguments: [
        ("", "9c1185a5c5e9fc54612808977ee8f548b2258d31"),
        ("a", "0bdc9d2d256b3ee9daae347be6f4dc835a467ffe"),
        ("abc", "8eb208f7e05d987a9b044a8e98c6b087f15a0bfc"),
        ("message digest", "5d0689ef49d2fae572b881b123a85ffa21595f36"),
        ("abcdefghijklmnopqrstuvwxyz", "f71c27109c692c1b56bbdceb5b9d2865b3708dbc"),
    ])
    func publishedVectors(_ input: String, _ expected: String) {
        #expect(Hex.encode(RIPEMD160.hash(Array(input.utf8))) == expected)
    }

    @Test func millionTimesA() {
        let input = [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)
        #expect(Hex.encode(RIPEMD160.hash(input)) == "52783243c1697bdbe16d37f97f68f08325dc1528")
    }

    /// Needs a libcrypto with RIPEMD-160 (OpenSSL 3.0.7 or later, as Debian 12 ships); fails saying so otherwise.
    @Test func agreesWithLibcryptoOnRandomInputs() throws {
        _ = try #require(Hashes.libcryptoRIPEMD160([]), "this libcrypto has no RIPEMD-160 to compare with (OpenSSL 3.0.0–3.0.6?)")
        var generator = SystemRandomNumberGenerator()
        for length in 0...200 {
            for _ in 0..<3 {
                let input = (0..<length).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
                let swift = RIPEMD160.hash(input)
                #expect(swift == Hashes.libcryptoRIPEMD160(input), "input \(Hex.encode(input))")
                #expect(Hashes.ripemd160(input) == swift)
            }
        }
    }
}
