/// SplitMix64: a tiny, fast, seeded generator, so generated sale number n is the same on every run and a failing soak
/// can be replayed with its seed.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// One independent sequence per `stream` (the generated sales use the sale's number).
    public init(seed: UInt64, stream: UInt64 = 0) {
        state = seed &+ stream &* 0x9E37_79B9_7F4A_7C15
        _ = next()
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in 0..<bound (modulo: the tiny bias is irrelevant here and keeps generated data stable).
    public mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }

    /// True `count` times in `total`.
    public mutating func chance(_ count: Int, in total: Int) -> Bool { below(total) < count }

    /// `count` lowercase hex digits.
    public mutating func hex(_ count: Int) -> String {
        let digits: [UInt8] = Array("0123456789abcdef".utf8)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(count)
        var word = next(), left = 16
        for _ in 0..<count {
            if left == 0 { word = next(); left = 16 }
            bytes.append(digits[Int(word & 0xF)])
            word >>= 4
            left -= 1
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
