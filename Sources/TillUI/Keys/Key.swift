/// A key press or terminal event, independent of ncurses.
public enum Key: Hashable, Sendable {
    /// A printable character, wide ones included (`k`, `/`, `€`, `日`).
    case character(Character)
    case up, down, left, right
    case enter, escape, backspace, delete, insert, tab, backTab
    case home, end, pageUp, pageDown
    /// F1…F12 (and beyond, if the terminal sends them).
    case function(Int)
    /// The terminal changed size; read the new size and redraw.
    case resize
    /// A mouse click (button 1) at column x, row y.
    case mouseClick(x: Int, y: Int)
    /// The terminal went away (window closed, SSH dropped): save what matters and exit.
    case hangup
    /// A key the terminal reported that has no name here (its ncurses code).
    case unknown(Int)

    /// Control-`letter` (`.control("c")` is byte 3).
    public static func control(_ letter: Character) -> Key? {
        guard let ascii = letter.lowercased().unicodeScalars.first?.value, ascii >= 97, ascii <= 122 else { return nil }
        return .character(Character(Unicode.Scalar(ascii - 96)!))
    }

    /// A short name for the help overlay and logs (`↑`, `Enter`, `F5`, `q`).
    public var name: String {
        switch self {
        case let .character(character): character == " " ? "Space" : String(character)
        case .up: "↑"
        case .down: "↓"
        case .left: "←"
        case .right: "→"
        case .enter: "Enter"
        case .escape: "Esc"
        case .backspace: "Backspace"
        case .delete: "Delete"
        case .insert: "Insert"
        case .tab: "Tab"
        case .backTab: "Shift-Tab"
        case .home: "Home"
        case .end: "End"
        case .pageUp: "PgUp"
        case .pageDown: "PgDn"
        case let .function(number): "F\(number)"
        case .resize: "resize"
        case .hangup: "hangup"
        case let .mouseClick(x, y): "click(\(x),\(y))"
        case let .unknown(code): "key(\(code))"
        }
    }
}
