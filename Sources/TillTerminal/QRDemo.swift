import Foundation
import TillCore
import TillUI

/// `till qr-demo <text>`: shows the QR code of `text` full-screen until `q`, proving the chain
/// canvas → ncurses → terminal → camera (or tmux → zbarimg in tests).
public enum QRDemo {
    /// Runs the demo and returns the process exit status (0 after `q`, 1 when it cannot start or the terminal closes).
    public static func run(text: String) -> Int32 {
        let code: QRCode
        do { code = try QRCode(text) } catch {
            FileHandle.standardError.write(Data("till: \(error.message)\n".utf8))
            return 1
        }
        let terminal: Terminal
        do { terminal = try Terminal(theme: theme) } catch {
            FileHandle.standardError.write(Data("till: \(error.message)\n".utf8))
            return 1
        }
        defer { terminal.shutdown() }
        while true {
            terminal.draw(frame(code: code, size: terminal.size))
            switch terminal.readKey(timeoutMilliseconds: nil) {
            case .character("q"): return 0
            case .hangup: return 1
            default: continue
            }
        }
    }

    /// Cells the demo needs: a caption row, the QR with its quiet zone, and the text row.
    public static func neededSize(for code: QRCode) -> TextSize {
        TextSize(columns: code.textSize.columns, rows: code.textSize.rows + 2)
    }

    /// The demo screen at `size`: the QR between a caption and its text, or a "too small" notice.
    public static func frame(code: QRCode, size: TextSize) -> Canvas {
        var canvas = Canvas(size: size)
        let needed = neededSize(for: code)
        guard size.fits(needed) else {
            let middle = max(0, size.rows / 2 - 1)
            canvas.writeCentered("Terminal too small for the QR code", y: middle, style: CellStyle(role: .warning).bolded)
            canvas.writeCentered("need \(needed), have \(size)", y: middle + 1)
            canvas.writeCentered("enlarge the window, or press q to quit", y: middle + 2, style: CellStyle(role: .muted))
            return canvas
        }
        let top = (size.rows - needed.rows) / 2
        canvas.writeCentered("QR demo · press q to quit", y: top, style: CellStyle(role: .accent).bolded)
        canvas.drawQR(code, x: (size.columns - code.textSize.columns) / 2, y: top + 1)
        canvas.writeCentered(code.payload, y: top + 1 + code.textSize.rows, style: CellStyle(role: .muted))
        return canvas
    }

    /// A small built-in theme; the QR itself is black on white regardless.
    static let theme = Theme(name: "qr-demo", colors: [
        .text: ColorPair(foreground: .terminalDefault, background: .terminalDefault),
        .accent: ColorPair(foreground: .standard(.cyan, bright: false), background: .terminalDefault),
        .warning: ColorPair(foreground: .standard(.yellow, bright: false), background: .terminalDefault),
        .muted: ColorPair(foreground: .standard(.white, bright: false), background: .terminalDefault),
    ])
}
