import Foundation

/// Which line each key of a TOML file is written on.
///
/// TOMLKit 0.6.0 reports a line only for syntax errors, not for values, so errors about values
/// ("bad price") find their line by scanning the text: table headers, `[[array]]` headers and
/// `key = value` lines, skipping comments, multi-line strings and multi-line arrays.
struct TOMLLineIndex: Sendable {
    private var lineByPath: [String: Int] = [:]

    init(text: String) {
        var arrayCounts: [String: Int] = [:]
        var current = ""
        var continuation = ScanState()
        for (offset, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let lineNumber = offset + 1
            if continuation.isOpen {
                continuation.scan(Substring(raw))
                continue
            }
            let line = raw.drop(while: { $0 == " " || $0 == "\t" })
            if line.isEmpty || line.hasPrefix("#") { continue }
            if line.hasPrefix("[[") {
                guard let close = line.range(of: "]]") else { continue }
                let segments = Self.keySegments(line[line.index(line.startIndex, offsetBy: 2)..<close.lowerBound])
                let prefix = Self.resolve(segments.dropLast(), arrayCounts: arrayCounts)
                let arrayPath = Self.join(prefix, segments.last ?? "")
                let index = arrayCounts[arrayPath, default: 0]
                arrayCounts[arrayPath] = index + 1
                current = "\(arrayPath)[\(index)]"
                lineByPath[current] = lineNumber
            } else if line.hasPrefix("[") {
                guard let close = line.firstIndex(of: "]") else { continue }
                let segments = Self.keySegments(line[line.index(after: line.startIndex)..<close])
                current = Self.resolve(segments[...], arrayCounts: arrayCounts)
                lineByPath[current] = lineNumber
            } else if let equals = Self.equalsOutsideQuotes(line) {
                let segments = Self.keySegments(line[..<equals])
                guard !segments.isEmpty else { continue }
                lineByPath[Self.join(current, segments.joined(separator: "."))] = lineNumber
                continuation.scan(line[line.index(after: equals)...])
            }
        }
    }

    /// The line of `path` ("product[2].price"), else of the nearest enclosing key or table.
    /// The key path written on `line` (1-based), if a `key = value` starts there.
    func path(at line: Int) -> String? {
        lineByPath.first { $0.value == line && !$0.key.isEmpty }.map(\.key)
    }

    func line(of path: String) -> Int? {
        var candidate = Substring(path)
        while !candidate.isEmpty {
            if let line = lineByPath[String(candidate)] { return line }
            guard let cut = candidate.lastIndex(where: { $0 == "." || $0 == "[" }) else { break }
            candidate = candidate[..<cut]
        }
        return nil
    }

    private static func join(_ prefix: String, _ key: String) -> String {
        prefix.isEmpty ? key : "\(prefix).\(key)"
    }

    /// Adds the current index to each segment that names an array of tables (`[coin.backend]` → `coin[1].backend`).
    private static func resolve(_ segments: ArraySlice<String>, arrayCounts: [String: Int]) -> String {
        var path = ""
        for segment in segments {
            path = join(path, segment)
            if let count = arrayCounts[path], count > 0 { path += "[\(count - 1)]" }
        }
        return path
    }

    /// `a."b.c".d ` → ["a", "b.c", "d"].
    private static func keySegments(_ text: Substring) -> [String] {
        var segments: [String] = [], current = "", quote: Character?
        for character in text {
            if let open = quote {
                if character == open { quote = nil } else { current.append(character) }
            } else if character == "\"" || character == "'" {
                quote = character
            } else if character == "." {
                segments.append(current); current = ""
            } else if !character.isWhitespace {
                current.append(character)
            }
        }
        segments.append(current)
        return segments.filter { !$0.isEmpty }
    }

    private static func equalsOutsideQuotes(_ line: Substring) -> Substring.Index? {
        var quote: Character?
        for index in line.indices {
            let character = line[index]
            if let open = quote {
                if character == open { quote = nil }
            } else if character == "\"" || character == "'" {
                quote = character
            } else if character == "=" {
                return index
            } else if character == "#" {
                return nil
            }
        }
        return nil
    }
}

/// Tracks whether a value continues on the next lines: an open multi-line string or bracket.
private struct ScanState {
    var depth = 0
    var multilineQuote: String?

    var isOpen: Bool { depth > 0 || multilineQuote != nil }

    mutating func scan(_ text: Substring) {
        var rest = text
        while let character = rest.first {
            if let quote = multilineQuote {
                if rest.hasPrefix(quote) { multilineQuote = nil; rest = rest.dropFirst(3); continue }
                if character == "\\" && quote == "\"\"\"" { rest = rest.dropFirst(2); continue }
                rest = rest.dropFirst()
                continue
            }
            if rest.hasPrefix("\"\"\"") || rest.hasPrefix("'''") {
                multilineQuote = String(rest.prefix(3)); rest = rest.dropFirst(3); continue
            }
            switch character {
            case "\"", "'":
                rest = rest.dropFirst()
                while let next = rest.first, next != character {
                    rest = rest.dropFirst(next == "\\" && character == "\"" ? 2 : 1)
                }
                rest = rest.dropFirst()
            case "[", "{": depth += 1; rest = rest.dropFirst()
            case "]", "}": depth = max(0, depth - 1); rest = rest.dropFirst()
            case "#": return
            default: rest = rest.dropFirst()
            }
        }
    }
}

/// A `TOMLLineIndex` built from the text when a line is first asked for (only files with problems ask).
final class LazyLineIndex: @unchecked Sendable {
    private let lock = NSLock()
    private var text: String?
    private var index: TOMLLineIndex?

    init(text: String) { self.text = text }

    /// The line of `path`, as `TOMLLineIndex.line(of:)`.
    func line(of path: String) -> Int? {
        lock.lock()
        defer { lock.unlock() }
        if index == nil {
            index = TOMLLineIndex(text: text ?? "")
            text = nil
        }
        return index?.line(of: path)
    }
}
