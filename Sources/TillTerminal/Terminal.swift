import CNcursesw
import Foundation
import TillCore
import TillUI

/// The full-screen terminal through ncursesw: draws canvases, reads keys. The only place that talks to ncurses.
/// Use it from one thread; call `shutdown()` before exiting (signals and `exit` also restore the screen).
public final class Terminal {
    /// Colour pairs for the theme's roles and the fixed black-on-white QR pair.
    let palette: Palette
    /// What is on the screen now, to redraw only changed rows; nil forces a full redraw.
    var shown: Canvas?
    private var isOpen = true

    /// Checks the locale, enters full-screen mode and sets up colours from `theme` (`Theme.noColor` when
    /// `NO_COLOR` is set in `environment`). `mouse` turns on click reporting (it stops the terminal's own
    /// text selection, so it is off by default).
    public init(theme: Theme, environment: [String: String] = ProcessInfo.processInfo.environment,
                mouse: Bool = false) throws(TerminalError) {
        try Self.requireUTF8Locale(environment: environment)
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else { throw TerminalError.notATerminal }
        guard till_stdscr() == nil || isendwin() else { throw TerminalError.alreadyOpen }
        try Self.requireCapableTerminal(environment: environment)
        // newterm (unlike initscr) returns nil instead of exiting the process when TERM is unknown.
        guard till_newterm() != nil else {
            throw TerminalError.cannotOpenTerminal(term: environment["TERM"])
        }
        Self.installExitHandlers()
        cbreak()
        noecho()
        nonl()
        keypad(till_stdscr(), true)
        curs_set(0)
        // Esc alone must feel instant; 25 ms is ample for escape sequences from a local terminal or tmux.
        set_escdelay(25)
        if mouse {
            mousemask(till_BUTTON1_CLICKED() | till_BUTTON1_PRESSED(), nil)
            mouseinterval(0)
        }
        let noColor = !(environment["NO_COLOR"] ?? "").isEmpty
        palette = Palette(theme: noColor ? .noColor : theme)
        erase()
        refresh()
    }

    deinit { shutdown() }

    /// The terminal's current size.
    public var size: TextSize {
        var rows: Int32 = 0, columns: Int32 = 0
        till_getmaxyx(till_stdscr(), &rows, &columns)
        return TextSize(columns: Int(columns), rows: Int(rows))
    }

    /// Leaves full-screen mode and restores the terminal. Safe to call more than once.
    public func shutdown() {
        guard isOpen else { return }
        isOpen = false
        till_endwin_if_active()
    }

    /// Throws for a `TERM` that cannot address the cursor (ncurses would draw a garbled screen without a word).
    public static func requireCapableTerminal(environment: [String: String]) throws(TerminalError) {
        let term = environment["TERM"]
        guard let term, !["", "dumb", "unknown", "emacs"].contains(term.lowercased()) else {
            throw TerminalError.dumbTerminal(term: term)
        }
    }

    /// Throws unless the C locale, set from the environment, uses UTF-8.
    public static func requireUTF8Locale(environment: [String: String] = ProcessInfo.processInfo.environment)
        throws(TerminalError) {
        setlocale(LC_ALL, "")
        let codeset = String(cString: till_codeset())
        let normalized = codeset.lowercased().replacingOccurrences(of: "-", with: "")
        guard normalized == "utf8" else {
            throw TerminalError.localeNotUTF8(codeset: codeset, lang: environment["LC_ALL"] ?? environment["LANG"])
        }
    }

    /// On SIGINT, SIGTERM, SIGHUP and crashes: restore the screen, then die of the same signal as before.
    private static func installExitHandlers() {
        for signalNumber in [SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGABRT, SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGFPE] {
            signal(signalNumber) { received in
                till_endwin_if_active()
                signal(received, SIG_DFL)
                raise(received)
            }
        }
        atexit { till_endwin_if_active() }
    }
}
