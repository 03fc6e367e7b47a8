import Foundation
import TillCore

/// The products section of `catalog.cache` (format 3), read in place from the mapped file: the count, the distinct
/// categories and tax rates, one fixed-size record per product, then one heap of UTF-8 text. A start checks every
/// record's bounds once (no allocation per product) and makes a `Product` only when one is read (a visible row, a
/// lookup, a sale), so 100,000 products cost a pass over 6 MB instead of 100,000 values in fresh memory.
enum CatalogCacheProducts {
    /// Bytes per product record: four text references (offset, length: id, name, description, barcode), category
    /// number, flags, tax rate number, 4 unused, price, stock.
    static let recordSize = 64
    /// The length of an absent text (no description, no barcode) and the number of an absent tax rate.
    static let absent = UInt32.max
    /// Flag bits of a record.
    static let disabledFlag: UInt32 = 1, stockFlag: UInt32 = 2

    /// Appends `products` in the layout `MappedProducts` reads.
    static func write(_ products: ProductTable, to out: inout ByteWriter) {
        let categories = products.categoryNumbering()
        var taxNumbers: [DecimalNumber: UInt32] = [:], taxes: [DecimalNumber] = []
        for product in products {
            guard let rate = product.taxRate, taxNumbers[rate] == nil else { continue }
            taxNumbers[rate] = UInt32(taxes.count)
            taxes.append(rate)
        }
        out.i64(Int64(products.count))
        out.u32(UInt32(categories.names.count))
        for name in categories.names { out.string(name) }
        // A rate is its digits and scale as stored, so it reads back equal (its text drops trailing zeros).
        out.u32(UInt32(taxes.count))
        for rate in taxes { out.string(String(describing: rate.digits)); out.u32(UInt32(rate.scale)) }
        var heap: [UInt8] = []
        func text(_ value: String?) {
            guard var value else { out.u32(0); out.u32(absent); return }
            value.withUTF8 { utf8 in
                out.u32(UInt32(heap.count))
                out.u32(UInt32(utf8.count))
                heap.append(contentsOf: utf8)
            }
        }
        for (index, product) in products.enumerated() {
            text(product.id)
            text(product.name)
            text(product.description)
            text(product.barcode)
            out.u32(categories.numbers[index])
            out.u32((product.disabled ? disabledFlag : 0) | (product.stock == nil ? 0 : stockFlag))
            out.u32(product.taxRate.flatMap { taxNumbers[$0] } ?? absent)
            out.u32(0)
            out.i64(product.price.minor)
            out.i64(Int64(product.stock ?? 0))
        }
        out.i64(Int64(heap.count))
        out.bytes(heap)
    }
}

/// The products of a mapped `catalog.cache`, made one at a time. `init` refuses (nil) a section whose records do not
/// all lie inside it, so every later read is in bounds; the file stays mapped while any catalog over it lives.
final class MappedProducts: ProductSource, @unchecked Sendable {
    let count: Int
    private let file: MappedFile
    private let records: UnsafeRawPointer
    private let heap: UnsafeRawPointer
    private let categories: ProductTable.Categories
    /// Each record's disabled flag, gathered by the bounds check: the catalog screen reads all of them before its first frame.
    private let disabled: [Bool]
    private let taxes: [DecimalNumber]
    private let currency: FiatCurrency

    /// The section from `start` to `end` of `file`; nil when anything is out of bounds, unreadable or left over.
    init?(file: MappedFile, from start: Int, to end: Int, currency: FiatCurrency) {
        let raw = file.bytes
        guard start >= 0, end <= raw.count, start <= end, let base = raw.baseAddress else { return nil }
        var reader = ByteReader(UnsafeRawBufferPointer(rebasing: raw[..<end]))
        reader.offset = start
        guard let count64 = reader.i64(), count64 >= 0, count64 <= Int64(end - start) / Int64(CatalogCacheProducts.recordSize),
              let categoryCount = reader.u32(), Int(categoryCount) <= end - start else { return nil }
        var names: [String] = []
        for _ in 0..<categoryCount {
            guard let name = reader.string() else { return nil }
            names.append(name)
        }
        guard let taxCount = reader.u32(), Int(taxCount) <= end - start else { return nil }
        var taxes: [DecimalNumber] = []
        for _ in 0..<taxCount {
            guard let digits = reader.string(), digits.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
                  let whole = try? DecimalNumber(parsing: digits), let scale = reader.u32() else { return nil }
            taxes.append(DecimalNumber(digits: whole.digits, scale: Int(scale)))
        }
        let count = Int(count64), recordsStart = reader.offset
        reader.offset += count * CatalogCacheProducts.recordSize
        guard reader.offset <= end, let heapLength = reader.i64(), heapLength == Int64(end - reader.offset) else { return nil }
        let records = UnsafeRawPointer(base + recordsStart), heap = UnsafeRawPointer(base + reader.offset)
        guard let (numbers, disabled) = Self.checked(records, count: count, heapLength: UInt64(heapLength),
                                                     categories: categoryCount, taxes: taxCount) else { return nil }
        self.count = count
        self.file = file
        self.records = records
        self.heap = heap
        categories = ProductTable.Categories(names: names, numbers: numbers)
        self.disabled = disabled
        self.taxes = taxes
        self.currency = currency
    }

    /// Each record's category number and disabled flag, or nil when any text runs past the heap or any number has
    /// no entry.
    private static func checked(_ records: UnsafeRawPointer, count: Int, heapLength: UInt64, categories: UInt32,
                                taxes: UInt32) -> ([UInt32], [Bool])? {
        var numbers = [UInt32](repeating: 0, count: count), disabled = [Bool](repeating: false, count: count)
        let valid = numbers.withUnsafeMutableBufferPointer { numbers in disabled.withUnsafeMutableBufferPointer { disabled -> Bool in
            for index in 0..<count {
                let record = records + index * CatalogCacheProducts.recordSize
                for field in 0..<4 {
                    let offset = UInt64(word(record, field * 8)), length = word(record, field * 8 + 4)
                    if length == CatalogCacheProducts.absent { if field < 2 { return false } else { continue } }
                    if offset + UInt64(length) > heapLength { return false }
                }
                let category = word(record, 32), flags = word(record, 36), tax = word(record, 40)
                guard category < categories, flags & ~(CatalogCacheProducts.disabledFlag | CatalogCacheProducts.stockFlag) == 0,
                      word(record, 44) == 0,
                      tax == CatalogCacheProducts.absent || tax < taxes else { return false }
                numbers[index] = category
                disabled[index] = flags & CatalogCacheProducts.disabledFlag != 0
            }
            return true
        } }
        return valid ? (numbers, disabled) : nil
    }

    private static func word(_ record: UnsafeRawPointer, _ offset: Int) -> UInt32 {
        UInt32(littleEndian: record.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
    }

    private func record(_ index: Int) -> UnsafeRawPointer { records + index * CatalogCacheProducts.recordSize }

    /// Text field `field` (0 id, 1 name, 2 description, 3 barcode) of product `index`.
    private func text(_ index: Int, _ field: Int) -> String? {
        let record = record(index)
        let length = Self.word(record, field * 8 + 4)
        guard length != CatalogCacheProducts.absent else { return nil }
        let bytes = UnsafeRawBufferPointer(start: heap + Int(Self.word(record, field * 8)), count: Int(length))
        return String(decoding: bytes, as: UTF8.self)
    }

    private func number(_ index: Int, _ offset: Int) -> Int64 {
        Int64(littleEndian: record(index).loadUnaligned(fromByteOffset: offset, as: Int64.self))
    }

    func product(at index: Int) -> Product {
        let record = record(index)
        let flags = Self.word(record, 36), tax = Self.word(record, 40)
        return Product(id: id(at: index), name: name(at: index), price: FiatAmount(minor: number(index, 48), currency: currency),
                       category: categories.names[Int(categories.numbers[index])], description: text(index, 2),
                       taxRate: tax == CatalogCacheProducts.absent ? nil : taxes[Int(tax)], barcode: text(index, 3),
                       stock: flags & CatalogCacheProducts.stockFlag == 0 ? nil : Int(number(index, 56)),
                       disabled: disabled[index])
    }

    func id(at index: Int) -> String { text(index, 0) ?? "" }
    func name(at index: Int) -> String { text(index, 1) ?? "" }
    func barcode(at index: Int) -> String? { text(index, 3) }
    func isDisabled(at index: Int) -> Bool { disabled[index] }
    func categoryNumbering() -> ProductTable.Categories { categories }
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
