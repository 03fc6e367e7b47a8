/// Products kept outside Swift values (the catalog cache's mapped file) and read one at a time, so a start does not
/// make 100,000 `Product`s to show one page. Every index below `count` must answer; the fields agree with `product(at:)`.
public protocol ProductSource: AnyObject, Sendable {
    /// How many products there are.
    var count: Int { get }
    /// The whole product at `index`.
    func product(at index: Int) -> Product
    /// `product(at:).id` without the other fields.
    func id(at index: Int) -> String
    /// `product(at:).name` without the other fields.
    func name(at index: Int) -> String
    /// `product(at:).barcode` without the other fields.
    func barcode(at index: Int) -> String?
    /// `product(at:).disabled` without the other fields.
    func isDisabled(at index: Int) -> Bool
    /// The distinct categories in order of first appearance, and each product's position among them.
    func categoryNumbering() -> ProductTable.Categories
}

/// The catalog's products in file order: an array, or a `ProductSource` that makes each product when it is read.
/// It compares, hashes and iterates as the array of its products does; the field accessors read one field only.
public struct ProductTable: RandomAccessCollection, Sendable, Hashable, ExpressibleByArrayLiteral {
    private enum Storage: Sendable {
        case array([Product])
        case source(any ProductSource)
    }

    private let storage: Storage

    /// The categories in order of first appearance (`names`) and each product's index into them (`numbers`).
    public struct Categories: Sendable, Equatable {
        public let names: [String]
        public let numbers: [UInt32]

        public init(names: [String], numbers: [UInt32]) {
            self.names = names
            self.numbers = numbers
        }
    }

    public init(_ products: [Product]) { storage = .array(products) }
    public init(arrayLiteral products: Product...) { storage = .array(products) }
    public init(source: any ProductSource) { storage = .source(source) }

    public var startIndex: Int { 0 }
    public var endIndex: Int {
        switch storage {
        case .array(let products): products.count
        case .source(let source): source.count
        }
    }

    public subscript(position: Int) -> Product {
        switch storage {
        case .array(let products): products[position]
        case .source(let source): source.product(at: checked(position))
        }
    }

    /// The id of the product at `index` (without making the product).
    public func id(at index: Int) -> String { field(index, \.id) { $0.id(at: $1) } }

    /// The name of the product at `index`.
    public func name(at index: Int) -> String { field(index, \.name) { $0.name(at: $1) } }

    /// The barcode of the product at `index`.
    public func barcode(at index: Int) -> String? { field(index, \.barcode) { $0.barcode(at: $1) } }

    /// Whether the product at `index` is disabled.
    public func isDisabled(at index: Int) -> Bool { field(index, \.disabled) { $0.isDisabled(at: $1) } }

    /// One field of the product at `index`: from the array's product, or asked of the source alone.
    private func field<Value>(_ index: Int, _ stored: KeyPath<Product, Value>, _ read: (any ProductSource, Int) -> Value) -> Value {
        switch storage {
        case .array(let products): products[index][keyPath: stored]
        case .source(let source): read(source, checked(index))
        }
    }

    /// The category of the product at `index` is `categories.names[categories.numbers[index]]`.
    public func categoryNumbering() -> Categories {
        switch storage {
        case .source(let source): return source.categoryNumbering()
        case .array(let products):
            var position: [String: UInt32] = [:], names: [String] = [], numbers: [UInt32] = []
            numbers.reserveCapacity(products.count)
            // Neighbours often share a category: the last one is compared before the dictionary is asked.
            var last: (name: String, number: UInt32)?
            for index in products.indices {
                let category = products[index].category
                let number: UInt32
                if let last, last.name == category { number = last.number } else if let known = position[category] {
                    number = known
                } else {
                    number = UInt32(names.count)
                    names.append(category)
                    position[category] = number
                }
                last = (category, number)
                numbers.append(number)
            }
            return Categories(names: names, numbers: numbers)
        }
    }

    /// A source is asked only for indexes it has: out of range traps here, as an array's subscript does.
    private func checked(_ index: Int) -> Int {
        precondition(index >= 0 && index < endIndex, "product index out of range")
        return index
    }

    public static func == (left: ProductTable, right: ProductTable) -> Bool {
        if case .source(let a) = left.storage, case .source(let b) = right.storage, a === b { return true }
        return left.elementsEqual(right)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(count)
        for product in self { hasher.combine(product) }
    }
}
