extension QRCode {
    /// Light modules drawn around the symbol on every side (ISO/IEC 18004 asks for 4).
    public static let quietZone = 4

    /// Modules per side including the quiet zone.
    public var sizeWithQuietZone: Int { size + 2 * Self.quietZone }

    /// Cells needed on screen: one column per module, two module rows per text row, quiet zone included.
    public var textSize: TextSize {
        TextSize(columns: sizeWithQuietZone, rows: (sizeWithQuietZone + 1) / 2)
    }

    /// The half-block glyph for a cell whose top and bottom modules are `top` and `bottom` (true = dark),
    /// drawn as dark foreground on a light background.
    @inline(__always)
    public static func halfBlock(top: Bool, bottom: Bool) -> Character {
        switch (top, bottom) {
        case (true, true): "█"
        case (true, false): "▀"
        case (false, true): "▄"
        case (false, false): " "
        }
    }

    /// The symbol as text rows of half blocks, quiet zone included (meant for dark-on-light output).
    public var halfBlockLines: [String] {
        let zone = Self.quietZone, total = sizeWithQuietZone
        return stride(from: 0, to: total, by: 2).map { row in
            var line = ""
            line.reserveCapacity(total)
            for column in 0..<total {
                line.append(Self.halfBlock(top: isDark(x: column - zone, y: row - zone),
                                           bottom: isDark(x: column - zone, y: row + 1 - zone)))
            }
            return line
        }
    }
}

extension Canvas {
    /// Draws `code` with its top-left quiet-zone corner at (x, y), in the fixed black-on-white QR style,
    /// the standard 4-module quiet zone painted light too. Clipped like any drawing; check `code.textSize` first.
    public mutating func drawQR(_ code: QRCode, x: Int, y: Int) {
        drawQR(QRLayout(code: code, quietZone: QRCode.quietZone), x: x, y: y)
    }
}
