/// How a payment QR is drawn in a given space: the code (its error-correction level), the light quiet zone
/// around it, and the cells per module. Chosen by `best(for:in:)` in the order `QRLayout.preferences` gives,
/// an order taken from the zbarimg measurement in `QRFitMeasurementTests` (see `.notes/qrdisplay.md`).
public struct QRLayout: Hashable, Sendable {
    public let code: QRCode
    /// Light modules on every side.
    public let quietZone: Int
    /// 1: half blocks (a cell is one module wide, two tall); 2: a module is two columns by one row (twice as large).
    public let scale: Int

    public init(code: QRCode, quietZone: Int, scale: Int = 1) {
        self.code = code
        self.quietZone = quietZone
        self.scale = scale
    }

    /// Modules per side, quiet zone included.
    public var modulesPerSide: Int { code.size + 2 * quietZone }

    /// Cells the drawing takes.
    public var textSize: TextSize {
        let side = modulesPerSide
        return scale == 2 ? TextSize(columns: 2 * side, rows: side) : TextSize(columns: side, rows: (side + 1) / 2)
    }

    /// One way to draw: level and quiet zone.
    public struct Choice: Hashable, Sendable {
        public let level: QRCode.Level
        public let quietZone: Int
    }

    /// Most robust first: the standard 4-module quiet zone at level M, then a 2-module quiet zone (every
    /// URI type decoded with it on a dark surround and through the soft camera), then level L.
    /// A 1-module zone is never used: the soft camera lost symbols with it.
    public static let preferences: [Choice] = [
        Choice(level: .medium, quietZone: 4), Choice(level: .medium, quietZone: 2), Choice(level: .low, quietZone: 2),
    ]

    /// The most robust layout of `payload` that fits `space`, trying 2×-sized modules first when `large`;
    /// nil when none fits (or the payload cannot be encoded).
    public static func best(for payload: String, in space: TextSize, large: Bool = false) -> QRLayout? {
        var codes: [QRCode.Level: QRCode] = [:]
        for scale in large ? [2, 1] : [1] {
            for choice in preferences {
                if codes[choice.level] == nil { codes[choice.level] = try? QRCode(payload, level: choice.level) }
                guard let code = codes[choice.level] else { continue }
                let layout = QRLayout(code: code, quietZone: choice.quietZone, scale: scale)
                if space.fits(layout.textSize) { return layout }
            }
        }
        return nil
    }

    /// The cells the most compact preferred layout needs (for "need …" messages), or nil if it cannot be encoded.
    public static func smallest(for payload: String) -> TextSize? {
        guard let last = preferences.last, let code = try? QRCode(payload, level: last.level) else { return nil }
        return QRLayout(code: code, quietZone: last.quietZone).textSize
    }
}

extension Canvas {
    /// Draws `layout` with its top-left quiet-zone corner at (x, y) in the fixed black-on-white QR style.
    public mutating func drawQR(_ layout: QRLayout, x: Int, y: Int) {
        let code = layout.code, zone = layout.quietZone, side = layout.modulesPerSide
        if layout.scale == 2 {
            for row in 0..<side {
                for column in 0..<side {
                    let glyph: Character = code.isDark(x: column - zone, y: row - zone) ? "█" : " "
                    self[x + 2 * column, y + row] = Cell(glyph, style: .qr)
                    self[x + 2 * column + 1, y + row] = Cell(glyph, style: .qr)
                }
            }
            return
        }
        for row in stride(from: 0, to: side, by: 2) {
            for column in 0..<side {
                let glyph = QRCode.halfBlock(top: code.isDark(x: column - zone, y: row - zone),
                                             bottom: code.isDark(x: column - zone, y: row + 1 - zone))
                self[x + column, y + row / 2] = Cell(glyph, style: .qr)
            }
        }
    }
}
