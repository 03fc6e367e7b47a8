import CNcursesw
import TillUI

extension Terminal {
    /// Copies `canvas` to the screen: only rows that changed since the last frame are sent to ncurses
    /// (which in turn sends only changed characters). A canvas larger than the screen is clipped.
    public func draw(_ canvas: Canvas) {
        let screen = size
        if let shown, shown.size != canvas.size || shown.size != screen { self.shown = nil }
        if shown == nil { erase() }
        let rows = min(canvas.height, screen.rows), columns = min(canvas.width, screen.columns)
        for y in 0..<rows where shown.map({ $0.row(y) != canvas.row(y) }) ?? true {
            drawRow(y, of: canvas, columns: columns)
        }
        refresh()
        shown = canvas.size == screen ? canvas : nil
    }

    /// Forgets what is on screen so the next `draw` repaints everything (after a resize or an outside write).
    public func invalidate() { shown = nil }

    /// Draws one row as runs of cells with the same style; each wide glyph is positioned on its own, so
    /// a disagreement between our width table and the terminal's cannot shift the rest of the row.
    private func drawRow(_ y: Int, of canvas: Canvas, columns: Int) {
        var buffer: [wchar_t] = []
        buffer.reserveCapacity(columns + 1)
        var runStart = 0
        var runStyle = canvas[0, y].style
        func flush() {
            guard !buffer.isEmpty else { return }
            let (attributes, pair) = palette.attributes(for: runStyle)
            attr_set(attributes, pair, nil)
            buffer.append(0)
            mvaddnwstr(Int32(y), Int32(runStart), buffer, Int32(buffer.count - 1))
            buffer.removeAll(keepingCapacity: true)
        }
        var x = 0
        while x < columns {
            let cell = canvas[x, y]
            if cell.isContinuation { x += 1; continue }
            let width = DisplayWidth.of(cell.grapheme)
            if cell.style != runStyle || width != 1 {
                flush()
                runStart = x
                runStyle = cell.style
            }
            if width == 2, x + 1 < columns {
                for scalar in cell.grapheme.unicodeScalars { buffer.append(wchar_t(bitPattern: scalar.value)) }
                flush()
                x += 2
                runStart = x
                continue
            }
            // Controls and a wide glyph cut by the screen edge are drawn as a space.
            if width == 1 {
                for scalar in cell.grapheme.unicodeScalars { buffer.append(wchar_t(bitPattern: scalar.value)) }
            } else {
                buffer.append(32)
            }
            x += 1
        }
        flush()
    }
}
