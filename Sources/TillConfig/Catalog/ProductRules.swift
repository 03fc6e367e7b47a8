import Foundation
import TillCore

/// The fields of one product as written in a file, before checking.
struct ProductDraft {
    var id: String?
    var name: String?
    var price: String?
    var category: String?
    var description: String?
    var taxRate: String?
    var barcode: String?
    var stock: Int?
    var disabled = false
    /// Fields present in the file but unreadable (already reported): not reported again as missing.
    var unreadable: Set<String> = []
}

/// The rules every product must meet, whether it comes from TOML or CSV.
enum ProductRules {
    /// Category used when a product names none.
    static let defaultCategory = "Other"

    /// Checks `draft`; reports each problem as (field, problem) and returns nil if there was any.
    static func build(_ draft: ProductDraft, currency: FiatCurrency, report: (String, String) -> Void) -> Product? {
        var ok = true
        func fail(_ field: String, _ problem: String) { ok = false; report(field, problem) }
        // Catalog text is printed on receipts and drawn on screens: a control byte would drive the printer
        // (ESC p opens the drawer, GS V cuts), a bidi override would reorder the price column.
        var draft = draft
        // A spreadsheet cell may wrap a long description over lines: that folds into spaces, nothing else passes.
        draft.description = draft.description.map { $0.replacingOccurrences(of: "\r\n", with: " ").replacingOccurrences(of: "\n", with: " ") }
        for (field, path) in textFields {
            guard let value = draft[keyPath: path], let problem = UntrustedText.problem(in: value) else { continue }
            fail(field, problem)
            draft[keyPath: path] = nil
            draft.unreadable.insert(field)
        }

        let id = draft.id?.trimmingCharacters()
        if let id, id.isEmpty { fail("id", "must not be empty") }
        else if let id, id.contains(where: { $0.isWhitespace || $0.isNewline }) { fail("id", "\"\(id)\" contains spaces; use letters, digits and dashes (e.g. LAP-14-PRO)") }
        else if id == nil, !draft.unreadable.contains("id") { fail("id", "missing; every product needs a unique id/SKU") }
        else if id == nil { ok = false }

        let name = draft.name?.trimmingCharacters()
        if name?.isEmpty ?? !draft.unreadable.contains("name") { fail("name", "missing; every product needs a name") }
        if name == nil, draft.unreadable.contains("name") { ok = false }

        var price: FiatAmount?
        if let text = draft.price {
            do { price = try FiatAmount(parsing: text, currency: currency) } catch { fail("price", "\(error.message) for \(currency.code)") }
        } else if draft.unreadable.contains("price") {
            ok = false
        } else {
            fail("price", "missing; expected a decimal string in \(currency.code), e.g. \"12.50\"")
        }

        var taxRate: DecimalNumber?
        if let text = draft.taxRate {
            taxRate = parseTaxRate(text)
            if taxRate == nil { fail("tax_rate", "\"\(text)\" is not a percentage from 0 to 100 (e.g. \"8.25\")") }
        }

        let barcode = draft.barcode?.trimmingCharacters()
        if let barcode, let problem = barcodeProblem(barcode) { fail("barcode", problem) }

        if let stock = draft.stock, stock < 0 { fail("stock", "\(stock) is negative; expected 0 or more") }

        guard ok, let id, let name, let price else { return nil }
        let category = draft.category?.trimmingCharacters() ?? ""
        let description = draft.description?.trimmingCharacters() ?? ""
        return Product(id: id, name: name, price: price, category: category.isEmpty ? defaultCategory : category,
                       description: description.isEmpty ? nil : description, taxRate: taxRate,
                       barcode: (barcode?.isEmpty ?? true) ? nil : barcode, stock: draft.stock, disabled: draft.disabled)
    }

    /// The text fields of a product, each checked for control and format characters.
    static var textFields: [(String, WritableKeyPath<ProductDraft, String?>)] {
        [("id", \.id), ("name", \.name), ("price", \.price), ("category", \.category), ("description", \.description),
         ("tax_rate", \.taxRate), ("barcode", \.barcode)]
    }

    /// A percent from 0 to 100 as an exact decimal ("8.25"); a trailing "%" is allowed.
    static func parseTaxRate(_ text: String) -> DecimalNumber? {
        var body = text.trimmingCharacters()
        if body.hasSuffix("%") { body.removeLast() }
        guard let rate = try? DecimalNumber(parsing: body) else { return nil }
        return rate.isAtMost(wholeNumber: 100) ? rate : nil
    }

    /// Nil when `code` is acceptable: all-digit EAN-8, UPC-A and EAN-13 codes must have a correct check digit.
    static func barcodeProblem(_ code: String) -> String? {
        guard !code.isEmpty else { return nil }
        if code.contains(where: { $0.isWhitespace }) { return "\"\(code)\" contains spaces" }
        let digits = code.compactMap(\.wholeNumberValue)
        guard digits.count == code.count, [8, 12, 13].contains(digits.count) else { return nil }
        return hasValidCheckDigit(digits) ? nil : "\"\(code)\" has a wrong check digit for an EAN/UPC code"
    }

    /// GS1 check digit: weights 3,1,3,… from the right, excluding the check digit itself.
    static func hasValidCheckDigit(_ digits: [Int]) -> Bool {
        guard let check = digits.last else { return false }
        var sum = 0
        for (offset, digit) in digits.dropLast().reversed().enumerated() { sum += digit * (offset % 2 == 0 ? 3 : 1) }
        return (10 - sum % 10) % 10 == check
    }
}

extension DecimalNumber {
    /// True when the value is at most `limit` (a whole number); uses the canonical text, no arithmetic.
    func isAtMost(wholeNumber limit: Int) -> Bool {
        let parts = description.split(separator: ".", maxSplits: 1)
        guard parts[0].count <= 18, let whole = Int(parts[0]) else { return false }
        return whole < limit || (whole == limit && parts.count == 1)
    }
}

extension String {
    /// The text without leading and trailing whitespace and newlines.
    func trimmingCharacters() -> String {
        // Most values have nothing to trim: checking both ends first skips Foundation's slower scan.
        guard let first = unicodeScalars.first, let last = unicodeScalars.last else { return self }
        let blank = CharacterSet.whitespacesAndNewlines
        guard blank.contains(first) || blank.contains(last) else { return self }
        return trimmingCharacters(in: blank)
    }
}
