import _CryptoExtras
import Crypto
import Foundation
import TillCore
import TillStore

/// PINs as PBKDF2-HMAC-SHA256 with a per-user random salt; the iteration count is stored per user so it can grow.
public struct PINHasher: Sendable {
    /// ~100 ms per check on the development machine (2 cores, Debian, swift-crypto 3.12.3 / BoringSSL): tuning
    /// measured 230,000–260,000 under load. `till user add` tunes on the machine it runs on; `till-bench manager`
    /// prints the tuned value.
    public static let recommendedIterations = 250_000
    /// swift-crypto's floor for `rounds:`; lower counts are only for tests (`unsafeUncheckedRounds`).
    public static let minimumSafeIterations = 210_000

    public let iterations: Int

    public init(iterations: Int = PINHasher.recommendedIterations) {
        self.iterations = max(1, iterations)
    }

    /// A fresh random 16-byte salt, hex.
    public static func newSalt() -> String {
        var generator = SystemRandomNumberGenerator()
        return Hex.encode((0..<16).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
    }

    /// Hex of the 32-byte PBKDF2 output for `pin` with `salt` (hex) and `iterations`.
    public static func hash(pin: String, salt: String, iterations: Int) throws -> String {
        let saltBytes = Hex.decode(salt) ?? Array(salt.utf8)
        let key: SymmetricKey
        if iterations >= minimumSafeIterations {
            key = try KDF.Insecure.PBKDF2.deriveKey(from: Array(pin.utf8), salt: saltBytes, using: .sha256,
                                                    outputByteCount: 32, rounds: iterations)
        } else {
            key = try KDF.Insecure.PBKDF2.deriveKey(from: Array(pin.utf8), salt: saltBytes, using: .sha256,
                                                    outputByteCount: 32, unsafeUncheckedRounds: iterations)
        }
        return key.withUnsafeBytes { Hex.encode(Array($0)) }
    }

    /// True when `pin` hashes to `expected`, compared in constant time (no early exit on the first differing byte).
    public static func matches(pin: String, salt: String, iterations: Int, expected: String) throws -> Bool {
        let computed = Array(try hash(pin: pin, salt: salt, iterations: iterations).utf8)
        let stored = Array(expected.utf8)
        guard computed.count == stored.count else { return false }
        var difference: UInt8 = 0
        for index in 0..<computed.count { difference |= computed[index] ^ stored[index] }
        return difference == 0
    }

    /// The iteration count for which one check takes about `target` on this machine (never below the safe floor).
    public static func tunedIterations(target: Duration = .milliseconds(100)) throws -> Int {
        let probe = 50_000
        _ = try hash(pin: "0000", salt: newSalt(), iterations: 1_000)  // warm up
        let clock = ContinuousClock()
        let elapsed = try clock.measure { _ = try hash(pin: "1234", salt: newSalt(), iterations: probe) }
        let perIteration = Double(elapsed.components.attoseconds) / 1e18 + Double(elapsed.components.seconds)
        let targetSeconds = Double(target.components.seconds) + Double(target.components.attoseconds) / 1e18
        let tuned = Int(targetSeconds / (perIteration / Double(probe)))
        // Round to a readable number.
        return max(minimumSafeIterations, (tuned / 10_000) * 10_000)
    }

    /// A PIN is 4 to 8 ASCII digits; a manager's may be up to 12 (`maximumManagerLength`): every digit
    /// multiplies an offline search by ten.
    public static func isValid(pin: String, role: Role = .cashier) -> Bool {
        (4...(role == .manager ? maximumManagerLength : 8)).contains(pin.utf8.count) && pin.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
    }

    /// The longest PIN a manager may choose.
    public static let maximumManagerLength = 12

    // MARK: - Keyed with the install secret

    /// Marks a stored hash keyed with the install secret ("k1:" + hex).
    public static let keyedPrefix = "k1:"

    /// The PIN pepper: HMAC-SHA256(install secret, "till-pin-v1"). It is not in the database, so a copied
    /// database alone cannot be searched for PINs offline.
    public static func pepper(_ secret: InstallSecret) -> [UInt8] { AuditLog.derive(secret, "till-pin-v1") }

    /// The stored form of a PBKDF2 output (hex): "k1:" + hex HMAC-SHA256(pepper, PBKDF2 bytes). An unkeyed hash
    /// of an older install is wrapped the same way, so existing PINs keep working without being known.
    public static func keyed(legacy hex: String, pepper: [UInt8]) -> String {
        let bytes = Hex.decode(hex) ?? Array(hex.utf8)
        return keyedPrefix + Hex.encode(HMAC<SHA256>.authenticationCode(for: bytes, using: SymmetricKey(data: pepper)))
    }

    /// The stored form for `pin`: PBKDF2, then keyed.
    public static func keyedHash(pin: String, salt: String, iterations: Int, pepper: [UInt8]) throws -> String {
        keyed(legacy: try hash(pin: pin, salt: salt, iterations: iterations), pepper: pepper)
    }

    /// True when `pin` matches a stored hash, keyed ("k1:…") or not, in constant time.
    public static func matches(pin: String, salt: String, iterations: Int, expected: String, pepper: [UInt8]) throws -> Bool {
        guard expected.hasPrefix(keyedPrefix) else { return try matches(pin: pin, salt: salt, iterations: iterations, expected: expected) }
        let computed = Array(try keyedHash(pin: pin, salt: salt, iterations: iterations, pepper: pepper).utf8)
        let stored = Array(expected.utf8)
        guard computed.count == stored.count else { return false }
        var difference: UInt8 = 0
        for index in 0..<computed.count { difference |= computed[index] ^ stored[index] }
        return difference == 0
    }
}
