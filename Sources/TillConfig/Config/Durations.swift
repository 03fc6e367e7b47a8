/// Durations in config files: an integer (seconds) or text such as "500ms", "2s", "15m", "24h", "1d".
enum Durations {
    static let units: [(suffix: String, milliseconds: Int)] = [("ms", 1), ("s", 1_000), ("m", 60_000), ("h", 3_600_000), ("d", 86_400_000)]
    static let expected = "expected a duration such as \"2s\", \"15m\", \"24h\" (units ms, s, m, h, d) or a number of seconds"

    /// Milliseconds, or nil when the text is not a duration.
    static func milliseconds(_ text: String) -> Int? {
        let body = text.trimmingCharacters()
        for unit in units.sorted(by: { $0.suffix.count > $1.suffix.count }) where body.hasSuffix(unit.suffix) {
            let number = body.dropLast(unit.suffix.count).trimmingCharacters(in: .whitespaces)
            guard !number.isEmpty, number.allSatisfy(\.isASCIIDigitCharacter), number.count < 12, let value = Int(number) else { return nil }
            return value * unit.milliseconds
        }
        return body.allSatisfy(\.isASCIIDigitCharacter) && !body.isEmpty && body.count < 12 ? Int(body).map { $0 * 1_000 } : nil
    }

    /// "2s", "15m", "1h30m" style text for reports.
    static func describe(milliseconds: Int) -> String {
        if milliseconds % 1_000 != 0 { return "\(milliseconds)ms" }
        var seconds = milliseconds / 1_000, text = ""
        for (suffix, size) in [("d", 86_400), ("h", 3_600), ("m", 60)] where seconds >= size {
            text += "\(seconds / size)\(suffix)"; seconds %= size
        }
        return seconds > 0 || text.isEmpty ? text + "\(seconds)s" : text
    }
}

extension Character {
    var isASCIIDigitCharacter: Bool { ("0"..."9").contains(self) }
}

extension TableReader {
    /// A duration in milliseconds from an integer (seconds) or text; reports anything else.
    func duration(_ key: String, minimumMilliseconds: Int = 0) -> Int? {
        guard let node = entries[key] else { return nil }
        let value: Int?
        switch node {
        case .integer(let seconds): value = seconds >= 0 && seconds < 1_000_000_000 ? seconds * 1_000 : nil
        case .string(let text): value = Durations.milliseconds(text)
        default: report(key, "\(Durations.expected); found \(node.kindName)"); return nil
        }
        guard let value else { report(key, Durations.expected); return nil }
        guard value >= minimumMilliseconds else {
            report(key, "must be at least \(Durations.describe(milliseconds: minimumMilliseconds))"); return nil
        }
        return value
    }

    /// A non-negative exact decimal written as a string or an integer ("2.5", 2).
    func decimal(_ key: String, unit: String) -> DecimalNumberText? {
        guard let node = entries[key] else { return nil }
        switch node {
        case .integer(let value) where value >= 0: return DecimalNumberText(text: String(value))
        case .string(let text): return DecimalNumberText(text: text)
        default: report(key, "expected \(unit) as a decimal string such as \"2.5\"; found \(node.kindName)"); return nil
        }
    }
}

/// Decimal text read from a file, parsed by the caller with the right rules.
struct DecimalNumberText { let text: String }
