import TillUI

/// What the runner needs from a terminal; the ncurses `Terminal` provides it, tests can too.
public protocol TerminalPort: AnyObject {
    var size: TextSize { get }
    func draw(_ canvas: Canvas)
    func readKey(timeoutMilliseconds: Int?) -> Key?
    /// Forget what is on screen so the next draw repaints everything.
    func invalidate()
}
