/// JSON string literals: the one escaper for the JSON the till writes (webhook bodies, exports, `till addresses --json`).
public enum JSONText {
    /// `text` as a JSON string literal (RFC 8259): quote, backslash and control characters escaped (`\n`, `\r`, `\t`,
    /// else `\u00xx`); everything else, non-ASCII included, as is.
    public static func quoted(_ text: String) -> String {
        // Most strings need no escaping: skip the per-character walk.
        if !text.utf8.contains(where: { $0 == 0x22 || $0 == 0x5C || $0 < 0x20 }) { return "\"" + text + "\"" }
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20: out += "\\u00" + Hex.encode([UInt8(scalar.value)])
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
