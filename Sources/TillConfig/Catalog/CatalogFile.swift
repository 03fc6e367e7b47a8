import Foundation
import TillCore

/// Reads and writes the human-edited catalog TOML: `currency` at the top, then `[[product]]` entries.
public enum CatalogFile {
    /// The keys a `[[product]]` entry may have.
    public static let productKeys = ["id", "name", "price", "category", "description", "tax_rate", "barcode", "stock", "disabled"]
    /// How many products are checked between two progress lines.
    static let progressStep = 25_000
    /// The keys allowed at the top of a catalog file.
    public static let topLevelKeys = ["currency", "product"]

    /// Loads the catalog at `path`; every problem is reported and nothing is half-loaded.
    public static func load(path: String) throws(ConfigFileError) -> Catalog {
        try parse(text: try readText(path), file: path)
    }

    /// Parses catalog TOML text; `file` names it in error messages.
    public static func parse(text: String, file: String, progress: ((String) -> Void)? = nil) throws(ConfigFileError) -> Catalog {
        let document = try TOMLDocument(text: text, file: file)
        let sink = IssueSink(file: file, lines: document.lines)
        let root = TableReader(path: "", entries: document.root, sink: sink)
        root.rejectUnknownKeys(topLevelKeys)

        var currency: FiatCurrency?
        if let code = root.string("currency", required: true) {
            currency = FiatCurrency.named(code)
            if currency == nil { root.report("currency", MoneyError.unknownCurrency(code).message) }
        }
        var products: [Product] = []
        // Paths of the first use of each id and barcode; their lines are looked up only for a duplicate.
        var firstPathByID: [String: String] = [:], firstPathByBarcode: [String: String] = [:]
        let entries = root.tables("product")
        products.reserveCapacity(entries.count)
        for (number, entry) in entries.enumerated() {
            if number > 0, number % progressStep == 0 { progress?("checked \(number) of \(entries.count) products") }
            entry.rejectUnknownKeys(productKeys)
            let draft = draft(from: entry)
            guard let currency else { continue }
            guard let product = ProductRules.build(draft, currency: currency, report: { entry.report($0, $1) }) else { continue }
            if let first = firstPathByID.updateValue(entry.path, forKey: product.id) {
                firstPathByID[product.id] = first
                entry.report("id", "duplicate id \"\(product.id)\" (first used by \(location(of: first, sink)))")
            }
            if let code = product.barcode, let first = firstPathByBarcode.updateValue(entry.path, forKey: code) {
                firstPathByBarcode[code] = first
                entry.report("barcode", "duplicate barcode \"\(code)\" (first used by \(location(of: first, sink)))")
            }
            products.append(product)
        }
        if root.has("product") == false { root.report(nil, "no [[product]] entries; a catalog needs at least one product") }
        guard sink.issues.isEmpty, let currency else { throw ConfigFileError(sink.sorted) }
        return Catalog(currency: currency, products: products)
    }

    /// The catalog as TOML text that `parse` reads back to an equal catalog.
    public static func render(_ catalog: Catalog) -> String {
        var text = "# Till catalog. Prices are decimal strings in the currency below.\ncurrency = \(quoted(catalog.currency.code))\n"
        for product in catalog.products {
            text += "\n[[product]]\n"
            text += "id = \(quoted(product.id))\n"
            text += "name = \(quoted(product.name))\n"
            text += "price = \(quoted(product.price.decimalString))\n"
            text += "category = \(quoted(product.category))\n"
            if let description = product.description { text += "description = \(quoted(description))\n" }
            if let rate = product.taxRate { text += "tax_rate = \(quoted(rate.description))\n" }
            if let barcode = product.barcode { text += "barcode = \(quoted(barcode))\n" }
            if let stock = product.stock { text += "stock = \(stock)\n" }
            if product.disabled { text += "disabled = true\n" }
        }
        return text
    }

    /// A TOML basic string with the characters TOML requires escaped.
    static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                result += String(format: "\\u%04X", scalar.value)
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }

    private static func draft(from entry: TableReader) -> ProductDraft {
        var draft = ProductDraft()
        draft.id = entry.string("id")
        draft.name = entry.string("name")
        draft.price = decimalText(entry, "price")
        draft.category = entry.string("category")
        draft.description = entry.string("description")
        draft.taxRate = decimalText(entry, "tax_rate")
        draft.barcode = entry.string("barcode")
        draft.stock = entry.integer("stock")
        draft.disabled = entry.boolean("disabled") ?? false
        draft.unreadable = Set(["id", "name", "price"].filter { entry.has($0) })
        return draft
    }

    /// A decimal written as a string ("12.50") or a whole number (12); floats are refused with advice.
    private static func decimalText(_ entry: TableReader, _ key: String) -> String? {
        if case .integer(let value)? = entry.entries[key] { return String(value) }
        return entry.string(key)
    }

    private static func location(of path: String, _ sink: IssueSink) -> String {
        sink.lines.line(of: path).map { "\(path) at line \($0)" } ?? path
    }

    static func readText(_ path: String) throws(ConfigFileError) -> String {
        try decodeText(try readData(path), file: path)
    }

    /// The bytes of `path`, or an issue saying why they cannot be read.
    static func readData(_ path: String) throws(ConfigFileError) -> Data {
        guard let data = FileManager.default.contents(atPath: path) else {
            let exists = FileManager.default.fileExists(atPath: path)
            throw ConfigFileError([ConfigIssue(file: path, line: nil, field: nil,
                                               problem: exists ? "cannot be read (check its permissions)" : "no such file")])
        }
        return data
    }

    /// `data` as UTF-8 text, or an issue naming `file`.
    static func decodeText(_ data: Data, file: String) throws(ConfigFileError) -> String {
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigFileError([ConfigIssue(file: file, line: nil, field: nil, problem: "is not UTF-8 text")])
        }
        return text
    }
}
