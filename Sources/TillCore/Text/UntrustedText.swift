/// Text from outside the program (a catalog, a node's reply, an ERC-20 `symbol()`, a webhook receiver, a hook's
/// stderr) on its way to a printer, a log, a file or a terminal. One definition of the characters that must never
/// get there raw, and the ways each output edge neutralises them.
public enum UntrustedText {
    /// True for characters that command a device or reorder, hide or break text instead of showing a glyph:
    /// C0 (including newline and tab), DEL, C1, and every format character (Unicode category Cf: the bidi
    /// embeddings and overrides U+202A–U+202E, isolates U+2066–U+2069, marks, zero-width space/joiners, BOM),
    /// plus the line and paragraph separators U+2028/U+2029.
    @inline(__always)
    public static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x20 || (value >= 0x7F && value < 0xA0) { return true }
        if value < 0xAD { return false }
        switch scalar.properties.generalCategory {
        case .format, .lineSeparator, .paragraphSeparator, .control, .surrogate: return true
        default: return false
        }
    }

    /// True when `text` has no unsafe character.
    public static func isClean(_ text: String) -> Bool {
        !text.unicodeScalars.contains(where: isUnsafe)
    }

    /// The first unsafe character described for an error message (never the character itself), or nil.
    /// "contains the control character U+001B (ESC) at character 7".
    public static func problem(in text: String) -> String? {
        for (offset, scalar) in text.unicodeScalars.enumerated() where isUnsafe(scalar) {
            return "contains \(describe(scalar)) at character \(offset + 1); text must be printable "
                + "(a printer or terminal would obey it, or it would reorder or hide the text around it)"
        }
        return nil
    }

    /// "the control character U+001B (ESC)", "the bidi control U+202E", "the format character U+200B".
    public static func describe(_ scalar: Unicode.Scalar) -> String {
        let code = "U+" + hex(scalar.value)
        switch scalar.value {
        case 0x0A: return "a line break (\(code))"
        case 0x0D: return "a carriage return (\(code))"
        case 0x09: return "a tab (\(code))"
        case 0x1B: return "the control character \(code) (ESC)"
        case 0x200E, 0x200F, 0x061C, 0x202A...0x202E, 0x2066...0x2069: return "the bidi control \(code)"
        case 0x200B...0x200D, 0x2060, 0xFEFF: return "the zero-width character \(code)"
        case ..<0x20, 0x7F...0x9F: return "the control character \(code)"
        default: return "the invisible format character \(code)"
        }
    }

    /// Each unsafe character replaced by `replacement`, one for one, so column layout holds (printers, receipt files).
    public static func replacing(_ text: String, with replacement: Unicode.Scalar = "?") -> String {
        guard !isClean(text) else { return text }
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars { result.append(isUnsafe(scalar) ? replacement : scalar) }
        return String(result)
    }

    /// The text without its unsafe characters (the screen: they take no column).
    public static func removing(_ text: String) -> String {
        guard !isClean(text) else { return text }
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars where !isUnsafe(scalar) { result.append(scalar) }
        return String(result)
    }

    /// One line for a log or a terminal: each unsafe character written as a visible escape (`\n`, `\t`, `\u{1B}`),
    /// so nothing forges a line or drives the terminal and the original stays readable. With `keepingNewlines`
    /// line breaks stay (a multi-line message of our own making printed on a terminal).
    public static func escaped(_ text: String, keepingNewlines: Bool = false) -> String {
        guard !isClean(text) else { return text }
        var result = ""
        for scalar in text.unicodeScalars {
            guard isUnsafe(scalar) else { result.unicodeScalars.append(scalar); continue }
            switch scalar {
            case "\n" where keepingNewlines: result += "\n"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            default: result += "\\u{" + hex(scalar.value) + "}"
            }
        }
        return result
    }

    private static func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
