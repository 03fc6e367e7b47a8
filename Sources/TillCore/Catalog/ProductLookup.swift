import Foundation

/// The catalog's lookups by id and by barcode in two open-addressing tables of 32-bit product positions: no
/// per-product dictionary entries and no second copy of any string (keys are read from the products' table, one
/// field at a time, so a table over the catalog cache makes no `Product` while building them).
/// Built on first use, not when the catalog loads, so a start at 100,000 products does not hash 200,000 strings
/// before the first frame; `prepare()` builds them ahead (the catalog screen does that on a background thread).
/// Keys compare as Swift strings do (canonical equivalence); with repeated keys the last product wins.
final class ProductLookup: @unchecked Sendable {
    private let products: ProductTable
    private let lock = NSLock()
    private var tables: (byID: KeyTable, byBarcode: KeyTable)?

    init(products: ProductTable) { self.products = products }

    /// Builds both tables now if they are not built yet.
    func prepare() { _ = built() }

    /// Position of the product with this id.
    func index(id: String) -> Int? { built().byID.find(id, in: products) { $0.id(at: $1) } }

    /// Position of the product with this barcode.
    func index(barcode: String) -> Int? { built().byBarcode.find(barcode, in: products) { $0.barcode(at: $1) } }

    private func built() -> (byID: KeyTable, byBarcode: KeyTable) {
        lock.lock()
        defer { lock.unlock() }
        if let tables { return tables }
        let made = (KeyTable(products) { $0.id(at: $1) }, KeyTable(products) { $0.barcode(at: $1) })
        tables = made
        return made
    }
}

/// Slots hold a product position + 1 (0 is empty); the capacity is a power of two at least twice the key count.
private struct KeyTable {
    private var slots: [UInt32]
    private let mask: Int

    init(_ products: ProductTable, key: (ProductTable, Int) -> String?) {
        var capacity = 16
        while capacity < products.count * 2 { capacity <<= 1 }
        mask = capacity - 1
        slots = Array(repeating: 0, count: capacity)
        for index in products.indices {
            guard let value = key(products, index) else { continue }
            var slot = value.hashValue & mask
            while slots[slot] != 0, key(products, Int(slots[slot]) - 1) != value { slot = (slot + 1) & mask }
            slots[slot] = UInt32(index + 1)
        }
    }

    func find(_ value: String, in products: ProductTable, key: (ProductTable, Int) -> String?) -> Int? {
        var slot = value.hashValue & mask
        while slots[slot] != 0 {
            let index = Int(slots[slot]) - 1
            if key(products, index) == value { return index }
            slot = (slot + 1) & mask
        }
        return nil
    }
}
