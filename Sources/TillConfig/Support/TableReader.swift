/// Collects the problems found while reading one file, so all of them are reported at once.
final class IssueSink {
    private(set) var issues: [ConfigIssue] = []
    let file: String
    let lines: LazyLineIndex

    init(file: String, lines: LazyLineIndex) {
        self.file = file
        self.lines = lines
    }

    /// Records a problem at `path`, with the line that path is written on.
    func add(_ path: String?, _ problem: String) {
        issues.append(ConfigIssue(file: file, line: path.flatMap { lines.line(of: $0) }, field: path, problem: problem))
    }

    /// The issues in file order.
    var sorted: [ConfigIssue] { issues.enumerated().sorted { ($0.element.line ?? 0, $0.offset) < ($1.element.line ?? 0, $1.offset) }.map(\.element) }
}

/// Typed access to one TOML table that reports wrong types and unknown keys instead of failing.
struct TableReader {
    let path: String
    let entries: [String: TOMLNode]
    let sink: IssueSink

    func field(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    func has(_ key: String) -> Bool { entries[key] != nil }

    /// A string value; reports a wrong type, or absence when `required`.
    func string(_ key: String, required: Bool = false) -> String? {
        guard let node = entries[key] else {
            if required { sink.add(field(key), "missing; expected a string") }
            return nil
        }
        guard case .string(let text) = node else { sink.add(field(key), "expected a string, found \(node.kindName)"); return nil }
        return text
    }

    /// A string that must not be empty or blank.
    func nonEmptyString(_ key: String, required: Bool = false) -> String? {
        guard let text = string(key, required: required) else { return nil }
        guard !text.allSatisfy(\.isWhitespace) else { sink.add(field(key), "must not be empty"); return nil }
        return text
    }

    func integer(_ key: String, in range: ClosedRange<Int>? = nil, required: Bool = false) -> Int? {
        guard let node = entries[key] else {
            if required { sink.add(field(key), "missing; expected an integer") }
            return nil
        }
        guard case .integer(let value) = node else { sink.add(field(key), "expected an integer, found \(node.kindName)"); return nil }
        if let range, !range.contains(value) {
            sink.add(field(key), "\(value) is out of range; expected \(range.lowerBound)…\(range.upperBound)")
            return nil
        }
        return value
    }

    func boolean(_ key: String) -> Bool? {
        guard let node = entries[key] else { return nil }
        guard case .boolean(let value) = node else { sink.add(field(key), "expected true or false, found \(node.kindName)"); return nil }
        return value
    }

    /// One of `choices` (a string); reports anything else with the list.
    func choice(_ key: String, _ choices: [String], required: Bool = false) -> String? {
        guard let text = string(key, required: required) else { return nil }
        guard choices.contains(text) else {
            sink.add(field(key), "\"\(text)\" is not one of: \(choices.joined(separator: ", "))")
            return nil
        }
        return text
    }

    func strings(_ key: String) -> [String]? {
        guard let node = entries[key] else { return nil }
        guard case .array(let items) = node else { sink.add(field(key), "expected an array of strings, found \(node.kindName)"); return nil }
        var result: [String] = []
        for (index, item) in items.enumerated() {
            guard case .string(let text) = item else {
                sink.add("\(field(key))[\(index)]", "expected a string, found \(item.kindName)"); return nil
            }
            result.append(text)
        }
        return result
    }

    /// A sub-table (`[a.b]` or an inline table).
    func table(_ key: String) -> TableReader? {
        guard let node = entries[key] else { return nil }
        guard case .table(let sub) = node else { sink.add(field(key), "expected a table, found \(node.kindName)"); return nil }
        return TableReader(path: field(key), entries: sub, sink: sink)
    }

    /// The tables of an array of tables (`[[key]]`).
    func tables(_ key: String) -> [TableReader] {
        guard let node = entries[key] else { return [] }
        guard case .array(let items) = node else {
            sink.add(field(key), "expected [[\(field(key))]] entries, found \(node.kindName)"); return []
        }
        var result: [TableReader] = []
        for (index, item) in items.enumerated() {
            guard case .table(let sub) = item else {
                sink.add("\(field(key))[\(index)]", "expected a table, found \(item.kindName)"); continue
            }
            result.append(TableReader(path: "\(field(key))[\(index)]", entries: sub, sink: sink))
        }
        return result
    }

    /// Reports each key not in `known`, listing the known ones (catches typos such as `prise`).
    func rejectUnknownKeys(_ known: [String]) {
        for key in entries.keys.sorted() where !known.contains(key) {
            sink.add(field(key), "unknown key; known keys here: \(known.joined(separator: ", "))")
        }
    }

    func report(_ key: String?, _ problem: String) { sink.add(key.map(field) ?? (path.isEmpty ? nil : path), problem) }
}
