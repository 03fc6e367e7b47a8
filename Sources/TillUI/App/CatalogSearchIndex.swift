#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import TillCore

/// What the catalog screen searches: every product's "name id barcode category", case-folded, in one contiguous
/// buffer (one allocation for the whole catalog instead of one per product), scanned with memchr and memcmp.
/// At 100,000 products the buffer is about 4 MB and a full scan takes about a millisecond; the products of each
/// category are listed once, so a category key copies a list instead of testing every product.
final class CatalogSearchIndex: Sendable {
    /// Folded search text; entry `k` is `text[starts[k] ..< starts[k + 1] - 1]`, each followed by a 0 byte.
    private let text: [UInt8]
    private let starts: [Int32]
    /// Category number of each product (1-based like `CatalogBrowser.categories`; 0 is never used).
    let categoryOf: [Int32]
    /// Enabled products per category number; 0 holds every enabled product.
    let enabledByCategory: [[Int]]
    let disabled: [Bool]

    init(catalog: Catalog, categoryNames: [String]) {
        var position: [String: Int32] = [:]
        for (index, name) in categoryNames.enumerated() { position[name] = Int32(index + 1) }
        var text: [UInt8] = [], starts: [Int32] = [], categoryOf: [Int32] = [], disabled: [Bool] = []
        var lists = Array(repeating: [Int](), count: categoryNames.count + 1)
        let count = catalog.products.count
        starts.reserveCapacity(count + 1)
        categoryOf.reserveCapacity(count)
        disabled.reserveCapacity(count)
        lists[0].reserveCapacity(count)
        text.reserveCapacity(count * 48)
        for (index, product) in catalog.products.enumerated() {
            starts.append(Int32(text.count))
            Self.appendFolded(product.name, to: &text)
            text.append(0x20)
            Self.appendFolded(product.id, to: &text)
            text.append(0x20)
            if let barcode = product.barcode { Self.appendFolded(barcode, to: &text) }
            text.append(0x20)
            Self.appendFolded(product.category, to: &text)
            text.append(0)
            let category = position[product.category] ?? 0
            categoryOf.append(category)
            disabled.append(product.disabled)
            if !product.disabled {
                lists[0].append(index)
                if category > 0 { lists[Int(category)].append(index) }
            }
        }
        starts.append(Int32(text.count))
        self.text = text
        self.starts = starts
        self.categoryOf = categoryOf
        self.enabledByCategory = lists
        self.disabled = disabled
    }

    /// `query` split into folded words, as the entries were folded.
    static func words(_ query: String) -> [[UInt8]] {
        var folded: [UInt8] = []
        appendFolded(query, to: &folded)
        return folded.split(separator: 0x20).map(Array.init)
    }

    /// Enabled products of `category` (0: all) whose entry holds every word; only `candidates` when given
    /// (the result of a shorter query), else the whole catalog.
    func matches(_ words: [[UInt8]], category: Int, candidates: [Int]?) -> [Int] {
        let pool = enabledByCategory[category]
        guard !words.isEmpty else { return candidates ?? pool }
        // The longest word is the rarest: it drives the scan, the others are checked inside each hit.
        let ordered = words.sorted { $0.count > $1.count }
        return text.withUnsafeBufferPointer { buffer in
            // Testing a few candidates one by one beats a scan; many of them, the scan wins.
            if let candidates, candidates.count < pool.count / 8 {
                return candidates.filter { entryHolds(ordered, $0, buffer) }
            }
            return scan(ordered, category: category, buffer)
        }
    }

    private func scan(_ words: [[UInt8]], category: Int, _ buffer: UnsafeBufferPointer<UInt8>) -> [Int] {
        guard let base = buffer.baseAddress else { return [] }
        var result: [Int] = []
        var position = 0
        let end = buffer.count
        words[0].withUnsafeBufferPointer { first in
            while position < end, let offset = Self.find(first, in: base, from: position, to: end) {
                let entry = entryContaining(offset)
                if !disabled[entry], category == 0 || Int(categoryOf[entry]) == category,
                   words.count == 1 || entryHolds(words, entry, buffer) {
                    result.append(entry)
                }
                position = Int(starts[entry + 1])
            }
        }
        return result
    }

    private func entryHolds(_ words: [[UInt8]], _ entry: Int, _ buffer: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = Int(starts[entry]), length = Int(starts[entry + 1]) - 1 - start
        guard let base = buffer.baseAddress else { return false }
        for word in words {
            let found = word.withUnsafeBufferPointer { needle in
                Self.find(needle, in: base, from: start, to: start + length) != nil
            }
            if !found { return false }
        }
        return true
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

    /// The entry whose bytes include `offset` (binary search over the starts).
    private func entryContaining(_ offset: Int) -> Int {
        var low = 0, high = starts.count - 1
        while high - low > 1 {
            let middle = (low + high) / 2
            if Int(starts[middle]) <= offset { low = middle } else { high = middle }
        }
        return low
    }

    /// Lower-cases ASCII byte by byte (the common case); other text goes through `lowercased()`. Control
    /// characters become spaces, so the 0 separator never occurs inside an entry.
    private static func appendFolded(_ string: String, to buffer: inout [UInt8]) {
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
