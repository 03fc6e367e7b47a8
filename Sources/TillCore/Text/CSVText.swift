/// RFC 4180 writing, the one CSV writer (sales exports, catalog export). A cell a spreadsheet would run as a
/// formula (starting with = + - @, a tab or CR, e.g. a txid a node sent as `=HYPERLINK(…)`) is written with a
/// leading apostrophe, which spreadsheets show as text; plain numbers ("-5.00") are left alone.
public enum CSVText {
    /// One field: neutralised when formula-like, quoted (inner quotes doubled) when it holds a comma, a quote, CR or LF.
    public static func field(_ text: String) -> String {
        let text = neutralised(text)
        guard text.utf8.contains(where: { $0 == 0x2c || $0 == 0x22 || $0 == 0x0a || $0 == 0x0d }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// One record ending in CRLF.
    public static func line(_ fields: [String]) -> String { fields.map(field).joined(separator: ",") + "\r\n" }

    /// Appends one record (nil fields empty) ending in CRLF, without intermediate strings.
    public static func append(_ fields: [String?], to buffer: inout String) {
        for (index, text) in fields.enumerated() {
            if index > 0 { buffer += "," }
            if let text { buffer += field(text) }
        }
        buffer += "\r\n"
    }

    /// `text` with an apostrophe in front when a spreadsheet would take it for a formula.
    public static func neutralised(_ text: String) -> String {
        guard let first = text.utf8.first, [0x3D, 0x2B, 0x2D, 0x40, 0x09, 0x0D].contains(first) else { return text }
        if isPlainNumber(text) { return text }
        return "\'" + text
    }

    /// "-5", "+1.25": a signed decimal, nothing else.
    private static func isPlainNumber(_ text: String) -> Bool {
        let body = text.utf8.dropFirst()
        guard text.utf8.first == 0x2D || text.utf8.first == 0x2B, !body.isEmpty, body.first != 0x2E, body.last != 0x2E else { return false }
        return body.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2E } && body.filter { $0 == 0x2E }.count <= 1
    }
}
