extension FixedWidthInteger {
    /// Big-endian bytes of the integer.
    var bigEndianBytes: [UInt8] {
        (0..<(Self.bitWidth / 8)).reversed().map { UInt8(truncatingIfNeeded: self >> ($0 * 8)) }
    }

    /// Reads a big-endian integer from exactly `Self.bitWidth / 8` bytes.
    init<C: Collection>(bigEndianBytes bytes: C) where C.Element == UInt8 {
        self = bytes.reduce(Self.zero) { $0 << 8 | Self($1) }
    }
}
