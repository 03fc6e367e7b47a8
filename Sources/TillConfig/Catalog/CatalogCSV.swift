import Foundation
import TillCore

/// `till catalog import FILE.csv`: a spreadsheet export with a header row becomes a catalog.
public enum CatalogCSV {
    /// Column names the header row may use, in the order `export` writes them.
    public static let knownColumns = CatalogFile.productKeys
    /// Columns every file must have.
    public static let requiredColumns = ["id", "name", "price"]

    /// Loads the CSV at `path` with prices in `currency`; every problem is reported and nothing is half-loaded.
    public static func load(path: String, currency: FiatCurrency) throws(ConfigFileError) -> Catalog {
        try parse(text: try CatalogFile.readText(path), file: path, currency: currency)
    }

    /// Parses CSV text; `file` names it in error messages ("file.csv:4: column price (3): …").
    public static func parse(text: String, file: String, currency: FiatCurrency) throws(ConfigFileError) -> Catalog {
        var issues: [ConfigIssue] = []
        func issue(_ line: Int?, _ field: String?, _ problem: String) {
            issues.append(ConfigIssue(file: file, line: line, field: field, problem: problem))
        }
        let records: [CSVRecord]
        do { records = try CSVParser.parse(text) } catch {
            switch error {
            case .unterminatedQuote(let line): issue(line, nil, "a quoted field opened here is never closed (a missing \")")
            case .textAfterQuote(let line, let column): issue(line, "column \(column)", "text after a closing quote; double a quote inside a quoted field (\"\")")
            }
            throw ConfigFileError(issues)
        }
        guard let header = records.first else {
            throw ConfigFileError([ConfigIssue(file: file, line: nil, field: nil, problem: "is empty; expected a header row naming the columns (\(knownColumns.joined(separator: ",")))")])
        }
        var columnIndex: [String: Int] = [:]
        for (index, raw) in header.fields.enumerated() {
            let name = raw.trimmingCharacters().lowercased()
            let label = "column \(index + 1)"
            if !knownColumns.contains(name) {
                issue(header.line, label, "unknown column \"\(raw)\"; known columns: \(knownColumns.joined(separator: ", "))")
            } else if columnIndex[name] != nil {
                issue(header.line, label, "column \"\(name)\" appears twice")
            } else {
                columnIndex[name] = index
            }
        }
        for name in requiredColumns where columnIndex[name] == nil {
            issue(header.line, nil, "missing column \"\(name)\"; required columns: \(requiredColumns.joined(separator: ", "))")
        }
        guard issues.isEmpty else { throw ConfigFileError(issues) }

        var products: [Product] = []
        var seenIDs: [String: Int] = [:], seenBarcodes: [String: Int] = [:]
        for record in records.dropFirst() {
            func label(_ name: String) -> String { "column \(name) (\((columnIndex[name] ?? 0) + 1))" }
            if record.fields.count > header.fields.count {
                issue(record.line, nil, "\(record.fields.count) fields but the header has \(header.fields.count); quote fields that contain commas")
                continue
            }
            func cell(_ name: String) -> String? {
                guard let index = columnIndex[name], index < record.fields.count else { return nil }
                let value = record.fields[index]
                return value.trimmingCharacters().isEmpty ? nil : value
            }
            var draft = ProductDraft(id: cell("id"), name: cell("name"), price: cell("price"), category: cell("category"),
                                     description: cell("description"), taxRate: cell("tax_rate"), barcode: cell("barcode"))
            var ok = true
            if let text = cell("stock") {
                if let stock = Int(text.trimmingCharacters()) { draft.stock = stock } else {
                    ok = false; issue(record.line, label("stock"), "\"\(text)\" is not a whole number")
                }
            }
            if let text = cell("disabled") {
                if let flag = parseFlag(text) { draft.disabled = flag } else {
                    ok = false; issue(record.line, label("disabled"), "\"\(text)\" is not true/false (also yes/no, 1/0)")
                }
            }
            let product = ProductRules.build(draft, currency: currency) { field, problem in
                issue(record.line, label(field), problem)
            }
            guard ok, let product else { continue }
            if let first = seenIDs[product.id] {
                issue(record.line, label("id"), "duplicate id \"\(product.id)\" (first used on line \(first))")
            } else { seenIDs[product.id] = record.line }
            if let code = product.barcode {
                if let first = seenBarcodes[code] {
                    issue(record.line, label("barcode"), "duplicate barcode \"\(code)\" (first used on line \(first))")
                } else { seenBarcodes[code] = record.line }
            }
            products.append(product)
        }
        if records.count == 1 { issue(header.line, nil, "has a header row but no products") }
        guard issues.isEmpty else { throw ConfigFileError(issues) }
        return Catalog(currency: currency, products: products)
    }

    /// The catalog as CSV with every known column, readable by `parse`.
    public static func export(_ catalog: Catalog) -> String {
        var lines = [knownColumns.map(CSVText.field).joined(separator: ",")]
        for product in catalog.products {
            let cells = [product.id, product.name, product.price.decimalString, product.category, product.description ?? "",
                         product.taxRate?.description ?? "", product.barcode ?? "", product.stock.map(String.init) ?? "",
                         product.disabled ? "true" : ""]
            lines.append(cells.map(CSVText.field).joined(separator: ","))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    private static func parseFlag(_ text: String) -> Bool? {
        switch text.trimmingCharacters().lowercased() {
        case "true", "yes", "y", "1", "x": return true
        case "false", "no", "n", "0": return false
        default: return nil
        }
    }
}
