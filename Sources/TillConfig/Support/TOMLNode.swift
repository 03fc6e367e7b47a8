import TOMLKit

/// A TOML value copied out of TOMLKit into plain Sendable data, so readers can walk it freely.
indirect enum TOMLNode: Sendable {
    case table([String: TOMLNode])
    case array([TOMLNode])
    case string(String)
    case integer(Int)
    case boolean(Bool)
    /// Floats, dates and times: Till's files never use them, so only the kind is kept for error messages.
    case other(kind: String)

    /// The kind of value in words, for "expected …, found …" messages.
    var kindName: String {
        switch self {
        case .table: return "a table"
        case .array: return "an array"
        case .string: return "a string"
        case .integer: return "an integer"
        case .boolean: return "a boolean"
        case .other(let kind): return kind
        }
    }

    init(_ table: TOMLTable) {
        var entries: [String: TOMLNode] = [:]
        for key in table.keys {
            if let value = table[key] { entries[key] = TOMLNode(value.tomlValue) }
        }
        self = .table(entries)
    }

    init(_ value: TOMLValue) {
        switch value.type {
        case .table: self = value.table.map { TOMLNode($0) } ?? .table([:])
        case .array: self = .array((value.array.map { Array($0) } ?? []).map { TOMLNode($0.tomlValue) })
        case .string: self = .string(value.string ?? "")
        case .int: self = .integer(value.int ?? 0)
        case .bool: self = .boolean(value.bool ?? false)
        case .double:
            // A price written as 12.50 instead of "12.50": say so precisely.
            self = .other(kind: "a floating-point number (write decimals as a quoted string, e.g. \"12.50\")")
        case .date, .time, .dateTime: self = .other(kind: "a date or time")
        }
    }

    /// Every string in the tree with its key path, for scanning all values (private-key refusal).
    func allStrings(path: String = "") -> [(path: String, value: String)] {
        switch self {
        case .string(let text): return [(path, text)]
        case .array(let items):
            return items.enumerated().flatMap { $0.element.allStrings(path: "\(path)[\($0.offset)]") }
        case .table(let entries):
            return entries.keys.sorted().flatMap { key in
                entries[key]!.allStrings(path: path.isEmpty ? key : "\(path).\(key)")
            }
        default: return []
        }
    }
}

/// A parsed TOML file: its values and a map from key paths to the lines they are written on.
struct TOMLDocument: Sendable {
    let file: String
    let root: [String: TOMLNode]
    /// Built on the first question only: a valid file never pays for it (it was 37 % of a 100,000-product load).
    let lines: LazyLineIndex

    /// Parses `text`; a syntax error becomes an issue naming the file and line.
    init(text: String, file: String) throws(ConfigFileError) {
        self.file = file
        // Plain files (every catalog we have seen) skip TOMLKit: minutes and gigabytes at 370,000 products.
        if let plain = PlainTOML.parse(text) {
            root = plain
            lines = LazyLineIndex(text: text)
            return
        }
        do {
            root = try Self.tomlKitRoot(text)
        } catch let error as TOMLParseError {
            throw ConfigFileError([ConfigIssue(file: file, line: error.source.begin.line, field: nil,
                                               problem: "not valid TOML: \(error.description)")])
        } catch {
            throw ConfigFileError([ConfigIssue(file: file, line: nil, field: nil, problem: "not valid TOML: \(error)")])
        }
        lines = LazyLineIndex(text: text)
    }

    /// The root table as TOMLKit reads it (any TOML; its syntax errors are thrown as `TOMLParseError`).
    static func tomlKitRoot(_ text: String) throws -> [String: TOMLNode] {
        let table = try TOMLTable(string: text)
        guard case .table(let entries) = TOMLNode(table) else { return [:] }
        return entries
    }
}
