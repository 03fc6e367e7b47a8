import CNcursesw
import TillCore
import TillUI

/// ncurses colour pairs: one per theme role, plus the QR pair that is black on white whatever the theme.
struct Palette {
    private var rolePairs: [ColorRole: Int16] = [:]
    private(set) var qrPair: Int16 = 0
    let hasColors: Bool

    init(theme: Theme) {
        hasColors = has_colors()
        guard hasColors else { return }
        start_color()
        // With default colours allowed, pair colour -1 means the terminal's own foreground/background.
        let defaultsAllowed = use_default_colors() == OK
        var next: Int16 = 1
        for role in ColorRole.allCases {
            let pair = theme.pair(role)
            init_pair(next, Self.number(pair.foreground, isForeground: true, defaultsAllowed: defaultsAllowed),
                      Self.number(pair.background, isForeground: false, defaultsAllowed: defaultsAllowed))
            rolePairs[role] = next
            next += 1
        }
        init_pair(next, Int16(COLOR_BLACK), Int16(COLOR_WHITE))
        qrPair = next
    }

    /// The attributes and pair for a cell style.
    func attributes(for style: CellStyle) -> (attributes: attr_t, pair: Int16) {
        var attributes = till_A_NORMAL()
        if style.bold { attributes |= till_A_BOLD() }
        if style.reverse { attributes |= till_A_REVERSE() }
        if style.isQR {
            // Without colours, reverse video is the best chance of dark modules on a light background.
            return hasColors ? (attributes, qrPair) : (attributes | till_A_REVERSE(), 0)
        }
        return (attributes, rolePairs[style.role] ?? 0)
    }

    /// The ncurses colour number for a theme colour, degraded to what the terminal has.
    private static func number(_ color: TerminalColor, isForeground: Bool, defaultsAllowed: Bool) -> Int16 {
        let fallback = Int16(isForeground ? COLOR_WHITE : COLOR_BLACK)
        switch color {
        case .terminalDefault:
            return defaultsAllowed ? -1 : fallback
        case let .standard(name, bright):
            let base = Int16(StandardColor.allCases.firstIndex(of: name) ?? 0)
            return bright && till_colors() >= 16 ? base + 8 : base
        case let .indexed(index):
            return Int32(index) < till_colors() ? Int16(index) : (defaultsAllowed ? -1 : fallback)
        }
    }
}
