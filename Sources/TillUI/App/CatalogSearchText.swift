#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import TillCore

/// Every product's "name id barcode category", case-folded, in one contiguous buffer (one allocation for the whole
/// catalog instead of one per product), with a 128-bit summary per product of which byte values its entry holds.
/// A query is tested against the summaries first (two loads and two compares per product), and only the products
/// whose summary holds every byte of the query are searched with memchr and memcmp. A query of single ASCII letters
/// is answered by the summaries alone. At 100,000 products the buffer is about 5 MB and the summaries 1.6 MB.
final class CatalogSearchText: Sendable {
    /// Folded text; entry `k` is `text[starts[k] ..< starts[k + 1] - 1]`, each followed by a 0 byte.
    private let text: [UInt8]
    private let starts: [Int32]
    /// Two words per product (`summaries[2k]`, `summaries[2k + 1]`): bit `b` is set when the entry holds byte `b`
    /// (ASCII); bytes from 0x80 share bits 0–31, which folded ASCII never uses (control characters fold to spaces).
    private let summaries: [UInt64]

    init(products: ProductTable) {
        var text: [UInt8] = [], starts: [Int32] = [], summaries: [UInt64] = []
        starts.reserveCapacity(products.count + 1)
        summaries.reserveCapacity(products.count * 2)
        text.reserveCapacity(products.count * 48)
        // Field by field: a table over the catalog cache makes no whole `Product` here.
        let categories = products.categoryNumbering()
        for index in products.indices {
            let start = text.count
            starts.append(Int32(start))
            Self.appendFolded(products.name(at: index), to: &text)
            text.append(0x20)
            Self.appendFolded(products.id(at: index), to: &text)
            text.append(0x20)
            if let barcode = products.barcode(at: index) { Self.appendFolded(barcode, to: &text) }
            text.append(0x20)
            Self.appendFolded(categories.names[Int(categories.numbers[index])], to: &text)
            let summary = text.withUnsafeBufferPointer { Self.summary(of: UnsafeBufferPointer(rebasing: $0[start...])) }
            summaries.append(summary.low)
            summaries.append(summary.high)
            text.append(0)
        }
        starts.append(Int32(text.count))
        self.text = text
        self.starts = starts
        self.summaries = summaries
    }

    /// A query folded as the entries were, split into words, with the summary every matching entry must hold.
    struct Query: Sendable {
        let words: [[UInt8]]
        let low: UInt64
        let high: UInt64
        /// Every word is one ASCII byte: the summary alone decides.
        let summaryDecides: Bool

        init(_ text: String) {
            var folded: [UInt8] = []
            CatalogSearchText.appendFolded(text, to: &folded)
            // The longest word is the rarest: it is checked first.
            words = folded.split(separator: 0x20).map(Array.init).sorted { $0.count > $1.count }
            let summary = folded.withUnsafeBufferPointer { CatalogSearchText.summary(of: $0) }
            // The separators are in every entry anyway; leave them out so an all-space query matches everything.
            low = summary.low & ~(1 << 0x20)
            high = summary.high
            summaryDecides = words.allSatisfy { $0.count == 1 && $0[0] < 0x80 }
        }

        /// True when every entry holding `self` holds `shorter` too (each of its words is inside one of ours), so
        /// `shorter`'s result may be narrowed instead of searching everything again.
        func narrows(_ shorter: Query) -> Bool {
            shorter.words.allSatisfy { old in words.contains { new in CatalogSearchText.contains(new, old) } }
        }
    }

    /// The entries of `pool` (ascending) that hold every word of `query`, in the same order.
    func filter(_ pool: [Int], _ query: Query) -> [Int] {
        guard !query.words.isEmpty else { return pool }
        let low = query.low, high = query.high
        var result: [Int] = []
        text.withUnsafeBufferPointer { buffer in
            summaries.withUnsafeBufferPointer { summaries in
                for entry in pool {
                    guard summaries[2 &* entry] & low == low, summaries[2 &* entry &+ 1] & high == high else { continue }
                    if query.summaryDecides || holds(query.words, entry, buffer) { result.append(entry) }
                }
            }
        }
        return result
    }

    private func holds(_ words: [[UInt8]], _ entry: Int, _ buffer: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = buffer.baseAddress else { return false }
        let start = Int(starts[entry]), end = Int(starts[entry + 1]) - 1
        for word in words {
            let found = word.withUnsafeBufferPointer { needle in Self.find(needle, in: base, from: start, to: end) != nil }
            if !found { return false }
        }
        return true
    }

    /// True when `needle` occurs in `haystack`.
    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        haystack.withUnsafeBufferPointer { hay in
            needle.withUnsafeBufferPointer { word in
                guard let base = hay.baseAddress else { return word.isEmpty }
                return find(word, in: base, from: 0, to: hay.count) != nil
            }
        }
    }

    /// The first offset in `base[from ..< to]` where `needle` starts (memchr for its first byte, memcmp for the rest).
    private static func find(_ needle: UnsafeBufferPointer<UInt8>, in base: UnsafePointer<UInt8>, from: Int, to: Int) -> Int? {
        guard let first = needle.first, let rest = needle.baseAddress else { return from }
        let count = needle.count
        var position = from
        while to - position >= count {
            guard let hit = memchr(base + position, Int32(first), to - position - count + 1) else { return nil }
            let offset = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            if count == 1 || memcmp(base + offset + 1, rest + 1, count - 1) == 0 { return offset }
            position = offset + 1
        }
        return nil
    }

    /// Which byte values `bytes` holds: bit `b` for ASCII `b`, bit `b & 31` for the others.
    static func summary(of bytes: UnsafeBufferPointer<UInt8>) -> (low: UInt64, high: UInt64) {
        var low: UInt64 = 0, high: UInt64 = 0
        for byte in bytes {
            let bit = byte < 0x80 ? byte : byte & 0x1F
            if bit < 64 { low |= 1 << UInt64(bit) } else { high |= 1 << UInt64(bit - 64) }
        }
        return (low, high)
    }

    /// Lower-cases ASCII byte by byte (the common case); other text goes through `lowercased()`. Control
    /// characters become spaces, so the 0 separator never occurs inside an entry.
    static func appendFolded(_ string: String, to buffer: inout [UInt8]) {
        var string = string
        let ascii = string.withUTF8 { utf8 in
            guard !utf8.contains(where: { $0 >= 0x80 }) else { return false }
            for byte in utf8 {
                switch byte {
                case 0x41...0x5A: buffer.append(byte | 0x20)
                case 0..<0x20, 0x7F: buffer.append(0x20)
                default: buffer.append(byte)
                }
            }
            return true
        }
        guard !ascii else { return }
        for byte in string.lowercased().utf8 { buffer.append(byte < 0x20 || byte == 0x7F ? 0x20 : byte) }
    }
}
