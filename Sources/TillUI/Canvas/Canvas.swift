import TillCore

/// A width×height grid of styled cells that screens draw on; the terminal copies it to the screen,
/// and tests read it back as text.
public struct Canvas: Hashable, Sendable {
    public let width: Int
    public let height: Int
    /// Row-major cells, `width * height` of them.
    public private(set) var cells: [Cell]

    /// A canvas filled with `fill` (blank by default). Negative sizes become zero.
    public init(width: Int, height: Int, fill: Cell = .blank) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: fill, count: self.width * self.height)
    }

    /// A canvas of the given size.
    public init(size: TextSize, fill: Cell = .blank) {
        self.init(width: size.columns, height: size.rows, fill: fill)
    }

    /// The size in columns and rows.
    public var size: TextSize { TextSize(columns: width, rows: height) }
    /// The whole canvas as a rectangle.
    public var bounds: Rect { Rect(x: 0, y: 0, width: width, height: height) }

    /// True when (x, y) is on the canvas.
    @inline(__always)
    public func contains(x: Int, y: Int) -> Bool { x >= 0 && y >= 0 && x < width && y < height }

    /// The cell at (x, y); a blank cell outside the canvas. Setting outside the canvas does nothing.
    public subscript(x: Int, y: Int) -> Cell {
        get { contains(x: x, y: y) ? cells[y * width + x] : .blank }
        set { if contains(x: x, y: y) { cells[y * width + x] = newValue } }
    }

    /// One row of cells.
    public func row(_ y: Int) -> ArraySlice<Cell> { cells[(y * width)..<(y * width + width)] }

    // MARK: - Writing

    /// Puts one grapheme at (x, y), clipped; a wide grapheme also takes the next cell, or becomes a space
    /// when it would be cut at the edge. Returns the columns advanced.
    @discardableResult
    public mutating func put(_ grapheme: Character, x: Int, y: Int, style: CellStyle = .plain, clipMaxX: Int? = nil) -> Int {
        var grapheme = grapheme
        // A joiner or bidi mark riding on a letter would still reach the terminal: only the visible part is kept.
        if grapheme.unicodeScalars.count > 1, !UntrustedText.isClean(String(grapheme)) {
            guard let visible = UntrustedText.removing(String(grapheme)).first else { return 0 }
            grapheme = visible
        }
        let limit = min(width, clipMaxX ?? width)
        let columns = DisplayWidth.of(grapheme)
        guard columns > 0 else { return 0 }
        guard y >= 0, y < height, x < limit else { return columns }
        if columns == 2 {
            if x + 1 >= limit || x < 0 {
                if x >= 0 { setCell(Cell(" ", style: style), x: x, y: y) }
                if x + 1 >= 0, x + 1 < limit { setCell(Cell(" ", style: style), x: x + 1, y: y) }
                return 2
            }
            setCell(Cell(grapheme, style: style), x: x, y: y)
            setCell(Cell(" ", style: style, isContinuation: true), x: x + 1, y: y)
            return 2
        }
        if x >= 0 { setCell(Cell(grapheme, style: style), x: x, y: y) }
        return 1
    }

    /// Writes `text` from (x, y) on one line, clipped to the canvas and to `maxWidth` columns.
    /// Control and format characters (C0, C1, bidi overrides, zero-width) are skipped. Returns the columns advanced from x (at most `maxWidth`, never past
    /// the right edge), so the next piece of text can follow at x + result.
    @discardableResult
    public mutating func write(_ text: String, x: Int, y: Int, style: CellStyle = .plain, maxWidth: Int? = nil) -> Int {
        let clipMaxX = maxWidth.map { x + max(0, $0) } ?? width
        var column = x
        for grapheme in text {
            if column >= clipMaxX { break }
            column += put(grapheme, x: column, y: y, style: style, clipMaxX: clipMaxX)
        }
        return min(column, clipMaxX) - x
    }

    /// Writes `text` centred in the columns of `rect` on row `y` (clipped when longer than the rect).
    @discardableResult
    public mutating func writeCentered(_ text: String, y: Int, in rect: Rect? = nil, style: CellStyle = .plain) -> Int {
        let area = rect ?? bounds
        let textWidth = DisplayWidth.of(text)
        let x = area.x + max(0, (area.width - textWidth) / 2)
        return write(text, x: x, y: y, style: style, maxWidth: area.maxX - x)
    }

    /// Fills `rect` (clipped) with `grapheme` in `style`.
    public mutating func fill(_ rect: Rect, with grapheme: Character = " ", style: CellStyle = .plain) {
        let area = rect.intersection(bounds)
        guard area.width > 0, area.height > 0 else { return }
        if DisplayWidth.of(grapheme) == 1 {
            let cell = Cell(grapheme, style: style)
            for y in area.y..<area.maxY {
                // Cutting a wide grapheme in half at either edge leaves a blank, never half a glyph.
                setCell(cell, x: area.x, y: y)
                setCell(cell, x: area.maxX - 1, y: y)
                let start = y * width
                for x in area.x..<area.maxX { cells[start + x] = cell }
            }
        } else {
            for y in area.y..<area.maxY {
                var x = area.x
                while x < area.maxX { x += put(grapheme, x: x, y: y, style: style, clipMaxX: area.maxX) }
            }
        }
    }

    /// Copies `other` onto this canvas with its top-left at (x, y), clipped.
    public mutating func draw(_ other: Canvas, x: Int, y: Int) {
        for row in 0..<other.height {
            for column in 0..<other.width {
                let cell = other.cells[row * other.width + column]
                if contains(x: x + column, y: y + row) { setCell(cell, x: x + column, y: y + row) }
            }
        }
    }

    /// Sets a cell and blanks the other half of any wide grapheme it overwrites.
    private mutating func setCell(_ cell: Cell, x: Int, y: Int) {
        guard contains(x: x, y: y) else { return }
        let index = y * width + x
        let old = cells[index]
        if old.isContinuation, !cell.isContinuation, x > 0 {
            cells[index - 1] = Cell(" ", style: cells[index - 1].style)
        }
        if !old.isContinuation, x + 1 < width, cells[index + 1].isContinuation, DisplayWidth.of(cell.grapheme) != 2 {
            cells[index + 1] = Cell(" ", style: cells[index + 1].style)
        }
        cells[index] = cell
    }

    // MARK: - Reading back

    /// Each row as plain text, trailing spaces removed (what a terminal would show, without colours).
    public var lines: [String] {
        (0..<height).map { y in
            var line = ""
            line.reserveCapacity(width)
            let start = y * width
            for x in 0..<width where !cells[start + x].isContinuation { line.append(cells[start + x].grapheme) }
            while line.last == " " { line.removeLast() }
            return line
        }
    }

    /// All rows joined with newlines: the snapshot form of a screen.
    public var text: String { lines.joined(separator: "\n") }
}
