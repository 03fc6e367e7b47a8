import CNcursesw
import Glibc
import TillUI

extension Terminal {
    /// Waits up to `timeoutMilliseconds` (forever when nil) for a key and returns it, or nil on timeout.
    /// A resize returns `.resize` and makes the next `draw` repaint the whole screen; a closed terminal
    /// returns `.hangup` (every time), so a caller's loop cannot spin on a dead terminal.
    public func readKey(timeoutMilliseconds: Int?) -> Key? {
        timeout(Int32(clamping: timeoutMilliseconds ?? -1))
        var character: wint_t = 0
        switch wget_wch(till_stdscr(), &character) {
        case OK:
            return Self.key(forCharacter: UInt32(character))
        case KEY_CODE_YES:
            let key = Self.key(forCode: Int32(character))
            if key == .resize { invalidate() }
            if key == .unknown(Int(KEY_MOUSE)) { return Self.mouseClick() }
            return key
        default:
            return Self.inputHungUp() ? .hangup : nil
        }
    }

    /// True when standard input has hung up or failed (the terminal is gone), as opposed to a plain timeout.
    private static func inputHungUp() -> Bool {
        var descriptor = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
        guard poll(&descriptor, 1, 0) >= 0 else { return errno != EINTR }
        return descriptor.revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0
    }

    /// A typed character: controls that have names get them, the rest become `.character`.
    static func key(forCharacter value: UInt32) -> Key {
        switch value {
        case 9: return .tab
        case 10, 13: return .enter
        case 27: return .escape
        case 8, 127: return .backspace
        default:
            guard let scalar = Unicode.Scalar(value) else { return .unknown(Int(value)) }
            return .character(Character(scalar))
        }
    }

    /// A function-key code from ncurses.
    static func key(forCode code: Int32) -> Key {
        switch code {
        case KEY_UP: return .up
        case KEY_DOWN: return .down
        case KEY_LEFT: return .left
        case KEY_RIGHT: return .right
        case KEY_ENTER: return .enter
        case KEY_BACKSPACE: return .backspace
        case KEY_DC: return .delete
        case KEY_IC: return .insert
        case KEY_HOME: return .home
        case KEY_END: return .end
        case KEY_PPAGE: return .pageUp
        case KEY_NPAGE: return .pageDown
        case KEY_BTAB: return .backTab
        case KEY_RESIZE: return .resize
        case (KEY_F0 + 1)...(KEY_F0 + 63): return .function(Int(code - KEY_F0))
        default: return .unknown(Int(code))
        }
    }

    /// The pending mouse event as a click, or `.unknown` for other mouse events.
    private static func mouseClick() -> Key {
        var event = MEVENT()
        guard getmouse(&event) == OK,
              event.bstate & (till_BUTTON1_CLICKED() | till_BUTTON1_PRESSED()) != 0 else { return .unknown(Int(KEY_MOUSE)) }
        return .mouseClick(x: Int(event.x), y: Int(event.y))
    }
}
