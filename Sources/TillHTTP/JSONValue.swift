import TillCore

/// A JSON value that keeps numbers as their exact text, so amounts like `0.00123400` or `64123.45`
/// never pass through floating point (Foundation's JSONSerialization would turn them into Doubles).
public enum JSONValue: Hashable, Sendable {
    case null
    case bool(Bool)
    /// The number literal exactly as written ("0.001234", "1e-8", "12").
    case number(String)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// Member of an object, or nil.
    public subscript(key: String) -> JSONValue? {
        if case .object(let members) = self { return members[key] }
        return nil
    }

    /// Element of an array, or nil.
    public subscript(index: Int) -> JSONValue? {
        if case .array(let items) = self, items.indices.contains(index) { return items[index] }
        return nil
    }

    public var stringValue: String? { if case .string(let s) = self { return s }; return nil }
    public var numberText: String? { if case .number(let n) = self { return n }; return nil }
    public var boolValue: Bool? { if case .bool(let b) = self { return b }; return nil }
    public var arrayValue: [JSONValue]? { if case .array(let a) = self { return a }; return nil }
    public var objectValue: [String: JSONValue]? { if case .object(let o) = self { return o }; return nil }
    public var isNull: Bool { self == .null }

    /// An integer number (no fraction, no exponent) that fits in Int.
    public var intValue: Int? { numberText.flatMap { Int($0) } }

    /// Serialises back to compact JSON text (numbers exactly as they were).
    public var text: String {
        switch self {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .number(let n): return n
        case .string(let s): return JSONText.quoted(s)
        case .array(let items): return "[" + items.map(\.text).joined(separator: ",") + "]"
        case .object(let members):
            return "{" + members.keys.sorted().map { JSONText.quoted($0) + ":" + members[$0]!.text }.joined(separator: ",") + "}"
        }
    }
}

/// Why a JSON text could not be read; `message` says where.
public struct JSONParseError: Error, Equatable, Sendable, CustomStringConvertible {
    public let offset: Int
    public let reason: String
    public var message: String { "malformed JSON at byte \(offset): \(reason)" }
    public var description: String { message }
}
