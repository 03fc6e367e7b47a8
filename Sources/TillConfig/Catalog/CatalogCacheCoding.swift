import Dispatch
import Foundation
import TillCore

/// The products section of `catalog.cache`: the count, then where each run of `chunkSize` products starts, then the
/// products. The runs are decoded side by side (`concurrentPerform`) straight into the final array: at 100,000
/// products most of a start's catalog time is the kernel handing out fresh pages, and two cores take them twice as fast.
enum CatalogCacheProducts {
    /// Products per independently decodable run.
    static let chunkSize = 4_096

    /// Appends `products` in the layout `decode` reads.
    static func write(_ products: [Product], to out: inout ByteWriter) {
        let chunks = (products.count + chunkSize - 1) / chunkSize
        out.i64(Int64(products.count))
        out.u32(UInt32(chunkSize))
        out.u32(UInt32(chunks))
        let table = out.buffer.count
        out.bytes([UInt8](repeating: 0, count: chunks * 8))
        for (index, product) in products.enumerated() {
            if index % chunkSize == 0 { out.patchI64(at: table + index / chunkSize * 8, Int64(out.buffer.count)) }
            out.string(product.id)
            out.string(product.name)
            out.i64(product.price.minor)
            out.string(product.category)
            out.optional(product.description)
            out.optional(product.taxRate?.description)
            out.optional(product.barcode)
            out.optional(product.stock.map(String.init))
            out.buffer.append(product.disabled ? 1 : 0)
        }
    }

    /// The products `write` wrote, starting at `reader.offset` and ending exactly at `end`; nil when anything is out of
    /// bounds, unreadable or not where the table says.
    static func decode(_ raw: UnsafeRawBufferPointer, from start: Int, to end: Int, currency: FiatCurrency) -> [Product]? {
        var reader = ByteReader(raw)
        reader.offset = start
        guard let count64 = reader.i64(), count64 >= 0, count64 <= Int64(raw.count), let size = reader.u32(),
              Int(size) == chunkSize, let chunkCount = reader.u32() else { return nil }
        let count = Int(count64), chunks = Int(chunkCount)
        guard chunks == (count + chunkSize - 1) / chunkSize else { return nil }
        var starts: [Int] = []
        starts.reserveCapacity(chunks + 1)
        for _ in 0..<chunks {
            guard let offset = reader.i64(), offset >= Int64(reader.offset), offset <= Int64(end) else { return nil }
            starts.append(Int(offset))
        }
        guard starts.first.map({ $0 == reader.offset }) ?? (reader.offset == end) else { return nil }
        starts.append(end)
        let shared = SharedInput(raw: raw, starts: starts, count: count, currency: currency)
        var failed = [Bool](repeating: false, count: chunks)
        let products = [Product](unsafeUninitializedCapacity: count) { buffer, initialized in
            failed.withUnsafeMutableBufferPointer { failures in
                let output = SharedOutput(products: buffer, failures: failures)
                if chunks > 1 {
                    DispatchQueue.concurrentPerform(iterations: chunks) { decodeChunk($0, shared, output) }
                } else if chunks == 1 {
                    decodeChunk(0, shared, output)
                }
            }
            // Every element is initialized, damaged runs with placeholders, so the array is whole either way.
            initialized = count
        }
        return failed.contains(true) ? nil : products
    }

    /// Decodes run `chunk` into its slots; a damaged record marks the run failed and fills the rest with placeholders.
    private static func decodeChunk(_ chunk: Int, _ input: SharedInput, _ output: SharedOutput) {
        var reader = ByteReader(input.raw)
        reader.offset = input.starts[chunk]
        let first = chunk * chunkSize, last = min(input.count, first + chunkSize)
        var broken = false
        for index in first..<last {
            let product = broken ? nil : record(&reader, currency: input.currency)
            if product == nil { broken = true }
            (output.products.baseAddress! + index).initialize(
                to: product ?? Product(id: "", name: "", price: FiatAmount(minor: 0, currency: input.currency), category: ""))
        }
        if broken || reader.offset != input.starts[chunk + 1] { output.failures[chunk] = true }
    }

    private static func record(_ reader: inout ByteReader, currency: FiatCurrency) -> Product? {
        guard let id = reader.string(), let name = reader.string(), let minor = reader.i64(),
              let category = reader.string(), let description = reader.optional(), let taxText = reader.optional(),
              let barcode = reader.optional(), let stockText = reader.optional(), let disabled = reader.byte()
        else { return nil }
        var taxRate: DecimalNumber?
        if let taxText { guard let rate = try? DecimalNumber(parsing: taxText) else { return nil }; taxRate = rate }
        var stock: Int?
        if let stockText { guard let value = Int(stockText) else { return nil }; stock = value }
        return Product(id: id, name: name, price: FiatAmount(minor: minor, currency: currency), category: category,
                       description: description, taxRate: taxRate, barcode: barcode, stock: stock, disabled: disabled == 1)
    }

    /// What every run reads; the bytes stay mapped until `decode` returns.
    private struct SharedInput: @unchecked Sendable {
        let raw: UnsafeRawBufferPointer
        let starts: [Int]
        let count: Int
        let currency: FiatCurrency
    }

    /// Where the runs write: disjoint slots of the array and one failure flag per run.
    private struct SharedOutput: @unchecked Sendable {
        let products: UnsafeMutableBufferPointer<Product>
        let failures: UnsafeMutableBufferPointer<Bool>
    }
}

/// Little-endian fields and length-prefixed UTF-8 strings.
struct ByteWriter {
    var buffer: [UInt8] = []

    mutating func bytes(_ bytes: [UInt8]) { buffer += bytes }
    mutating func u32(_ value: UInt32) { withUnsafeBytes(of: value.littleEndian) { buffer += $0 } }
    mutating func i64(_ value: Int64) { withUnsafeBytes(of: value.littleEndian) { buffer += $0 } }
    /// Overwrites the eight bytes at `offset` (a table filled in once what it points to is written).
    mutating func patchI64(at offset: Int, _ value: Int64) {
        withUnsafeBytes(of: value.littleEndian) { buffer.replaceSubrange(offset..<offset + 8, with: $0) }
    }
    mutating func string(_ text: String) {
        var text = text
        text.withUTF8 { utf8 in
            u32(UInt32(utf8.count))
            buffer.append(contentsOf: utf8)
        }
    }
    /// nil is the length 0xFFFF_FFFF.
    mutating func optional(_ text: String?) {
        if let text { string(text) } else { u32(.max) }
    }
}

/// Reads what `ByteWriter` wrote; every read is bounds-checked and answers nil past the end.
struct ByteReader {
    let raw: UnsafeRawBufferPointer
    var offset = 0

    init(_ raw: UnsafeRawBufferPointer) { self.raw = raw }

    mutating func bytes(_ count: Int) -> [UInt8]? {
        guard count >= 0, raw.count - offset >= count else { return nil }
        defer { offset += count }
        return Array(raw[offset..<offset + count])
    }

    mutating func byte() -> UInt8? {
        guard offset < raw.count else { return nil }
        defer { offset += 1 }
        return raw[offset]
    }

    mutating func u32() -> UInt32? {
        guard raw.count - offset >= 4 else { return nil }
        defer { offset += 4 }
        return UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
    }

    mutating func i64() -> Int64? {
        guard raw.count - offset >= 8 else { return nil }
        defer { offset += 8 }
        return Int64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: Int64.self))
    }

    mutating func string() -> String? {
        guard let length = u32(), length != .max, raw.count - offset >= Int(length) else { return nil }
        defer { offset += Int(length) }
        return String(decoding: UnsafeRawBufferPointer(rebasing: raw[offset..<offset + Int(length)]), as: UTF8.self)
    }

    /// .some(nil) for a stored nil; nil when damaged.
    mutating func optional() -> String?? {
        guard raw.count - offset >= 4 else { return nil }
        if UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt32.self)) == .max {
            offset += 4
            return .some(nil)
        }
        return string().map { .some($0) }
    }
}
