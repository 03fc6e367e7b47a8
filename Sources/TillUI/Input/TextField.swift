/// One line of typed input (a PIN, a reason, a txid, a date) with the keys every field understands.
public struct TextField: Hashable, Sendable {
    /// Which characters the field takes; others are ignored, so a PIN field cannot take letters.
    public enum Allowed: Hashable, Sendable {
        case any
        case digits
        /// Digits and one decimal point ("0.00012").
        case decimal
        /// Digits and dashes ("2026-11-25").
        case date
        /// 0-9, a-f, A-F, and an optional 0x ("txids").
        case hex
    }

    /// What a key did to the field.
    public enum Outcome: Hashable, Sendable { case edited, submitted, cancelled, ignored }

    public var text: String
    /// Shown as dots (PINs).
    public var masked: Bool
    public var limit: Int
    public var allowed: Allowed

    public init(_ text: String = "", masked: Bool = false, limit: Int = 80, allowed: Allowed = .any) {
        self.text = text
        self.masked = masked
        self.limit = limit
        self.allowed = allowed
    }

    /// Applies a key: characters append, Backspace deletes, Enter submits, Esc cancels.
    public mutating func apply(_ key: Key) -> Outcome {
        switch key {
        case .enter: return .submitted
        case .escape: return .cancelled
        case .backspace, .delete:
            guard !text.isEmpty else { return .ignored }
            text.removeLast()
            return .edited
        case .character(let character):
            guard text.count < limit, accepts(character) else { return .ignored }
            text.append(character)
            return .edited
        default:
            return .ignored
        }
    }

    /// What the screen shows: the text, or one dot per character when masked.
    public var display: String { masked ? String(repeating: "•", count: text.count) : text }

    private func accepts(_ character: Character) -> Bool {
        guard !character.isNewline, character.asciiValue.map({ $0 >= 32 }) ?? true else { return false }
        switch allowed {
        case .any: return true
        case .digits: return character.isASCII && character.isNumber
        case .decimal: return (character.isASCII && character.isNumber) || (character == "." && !text.contains("."))
        case .date: return (character.isASCII && character.isNumber) || character == "-"
        case .hex: return character.isHexDigit || ((character == "x" || character == "X") && text == "0")
        }
    }
}
