/// What a piece of the screen means; a theme gives each role its colours.
public enum ColorRole: String, Hashable, Sendable, Codable, CaseIterable {
    case background
    case text
    case accent
    case warning
    case success
    case error
    case selection
    case progressBar = "progress_bar"
    case statusBar = "status_bar"
    case muted
}

/// A terminal colour: one of the 8 standard names (with a bright variant) or a 256-colour index.
public enum TerminalColor: Hashable, Sendable, Codable {
    case standard(StandardColor, bright: Bool)
    case indexed(UInt8)
    /// The terminal's own default (foreground or background).
    case terminalDefault
}

/// The eight ANSI colour names.
public enum StandardColor: String, Hashable, Sendable, Codable, CaseIterable {
    case black, red, green, yellow, blue, magenta, cyan, white
}

/// Foreground and background of one role.
public struct ColorPair: Hashable, Sendable, Codable {
    public let foreground: TerminalColor
    public let background: TerminalColor

    public init(foreground: TerminalColor, background: TerminalColor) {
        self.foreground = foreground
        self.background = background
    }
}

/// A named set of colour roles. The QR code ignores the theme: always dark on light.
public struct Theme: Hashable, Sendable, Codable {
    public let name: String
    public let colors: [ColorRole: ColorPair]

    public init(name: String, colors: [ColorRole: ColorPair]) {
        self.name = name
        self.colors = colors
    }

    /// The pair for a role, falling back to `text`, then to the terminal default.
    public func pair(_ role: ColorRole) -> ColorPair {
        colors[role] ?? colors[.text] ?? ColorPair(foreground: .terminalDefault, background: .terminalDefault)
    }

    /// The theme used when `NO_COLOR` is set: every role in the terminal's default colours.
    public static let noColor = Theme(name: "no-color", colors: [:])
}
