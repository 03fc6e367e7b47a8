/// Why the full-screen terminal could not start; `message` says what to do.
public enum TerminalError: Error, Equatable, Sendable {
    /// The locale's character set is not UTF-8, so block and box glyphs would vanish.
    case localeNotUTF8(codeset: String, lang: String?)
    /// Standard input or output is not a terminal (piped or redirected).
    case notATerminal
    /// ncurses could not open the terminal described by `TERM`.
    case cannotOpenTerminal(term: String?)
    /// Only one full-screen terminal can be open in a process at a time.
    case alreadyOpen
    /// `TERM` names a terminal that cannot move the cursor (dumb, unknown, unset): the screen would be garbled.
    case dumbTerminal(term: String?)

    /// A sentence for the person at the keyboard.
    public var message: String {
        switch self {
        case let .localeNotUTF8(codeset, lang):
            "the locale's character set is \(codeset) (LANG=\(lang ?? "unset")), but till draws with UTF-8 "
                + "block and box characters: set LANG=C.UTF-8 (for example `LANG=C.UTF-8 till`) and try again"
        case .notATerminal:
            "standard input and output must be a terminal: run till directly in a terminal, not through a pipe"
        case let .cannotOpenTerminal(term):
            "cannot open the terminal TERM=\(term ?? "unset"): set TERM to your terminal's type (e.g. xterm-256color)"
        case .alreadyOpen:
            "the terminal is already in full-screen mode in this process"
        case let .dumbTerminal(term):
            "TERM=\(term.map { $0.isEmpty ? "(empty)" : $0 } ?? "unset") cannot draw a full screen (it cannot move the cursor): "
                + "run till in a terminal emulator or tmux with TERM set to its type (e.g. TERM=xterm-256color)"
        }
    }
}
