import TillCore

/// The glyph sets for boxes and lines.
public enum LineStyle: Sendable {
    case light, heavy, double, rounded

    var horizontal: Character {
        switch self { case .light, .rounded: "─"; case .heavy: "━"; case .double: "═" }
    }
    var vertical: Character {
        switch self { case .light, .rounded: "│"; case .heavy: "┃"; case .double: "║" }
    }
    /// Top-left, top-right, bottom-left, bottom-right.
    var corners: (Character, Character, Character, Character) {
        switch self {
        case .light: ("┌", "┐", "└", "┘")
        case .heavy: ("┏", "┓", "┗", "┛")
        case .double: ("╔", "╗", "╚", "╝")
        case .rounded: ("╭", "╮", "╰", "╯")
        }
    }
}

extension Canvas {
    /// A horizontal line of `length` columns from (x, y).
    public mutating func horizontalLine(x: Int, y: Int, length: Int, lineStyle: LineStyle = .light,
                                        style: CellStyle = .plain) {
        fill(Rect(x: x, y: y, width: length, height: 1), with: lineStyle.horizontal, style: style)
    }

    /// A vertical line of `length` rows from (x, y).
    public mutating func verticalLine(x: Int, y: Int, length: Int, lineStyle: LineStyle = .light,
                                      style: CellStyle = .plain) {
        fill(Rect(x: x, y: y, width: 1, height: length), with: lineStyle.vertical, style: style)
    }

    /// A frame around the edge of `rect` (the inside is left as is), with an optional title in the top edge.
    public mutating func box(_ rect: Rect, lineStyle: LineStyle = .light, style: CellStyle = .plain,
                             title: String? = nil, titleStyle: CellStyle? = nil) {
        guard rect.width >= 2, rect.height >= 2 else { return }
        let (topLeft, topRight, bottomLeft, bottomRight) = lineStyle.corners
        horizontalLine(x: rect.x + 1, y: rect.y, length: rect.width - 2, lineStyle: lineStyle, style: style)
        horizontalLine(x: rect.x + 1, y: rect.maxY - 1, length: rect.width - 2, lineStyle: lineStyle, style: style)
        verticalLine(x: rect.x, y: rect.y + 1, length: rect.height - 2, lineStyle: lineStyle, style: style)
        verticalLine(x: rect.maxX - 1, y: rect.y + 1, length: rect.height - 2, lineStyle: lineStyle, style: style)
        put(topLeft, x: rect.x, y: rect.y, style: style)
        put(topRight, x: rect.maxX - 1, y: rect.y, style: style)
        put(bottomLeft, x: rect.x, y: rect.maxY - 1, style: style)
        put(bottomRight, x: rect.maxX - 1, y: rect.maxY - 1, style: style)
        if let title, !title.isEmpty, rect.width > 4 {
            write(" \(title) ", x: rect.x + 2, y: rect.y, style: titleStyle ?? style, maxWidth: rect.width - 4)
        }
    }

    /// A horizontal bar of `width` columns filled in proportion `done / total`, in eighths of a cell
    /// (`█` and `▏▎▍▌▋▊▉`); the rest is `emptyGlyph`. Integer arithmetic only, clamped to 0…total.
    public mutating func progressBar(x: Int, y: Int, width: Int, done: Int, total: Int,
                                     style: CellStyle = CellStyle(role: .progressBar),
                                     emptyGlyph: Character = "░", emptyStyle: CellStyle = CellStyle(role: .muted)) {
        guard width > 0 else { return }
        let clampedTotal = max(total, 1)
        let clampedDone = min(max(done, 0), clampedTotal)
        let eighths = clampedDone * width * 8 / clampedTotal
        let full = eighths / 8, remainder = eighths % 8
        fill(Rect(x: x, y: y, width: full, height: 1), with: "█", style: style)
        var next = x + full
        if remainder > 0 {
            let partial: [Character] = ["▏", "▎", "▍", "▌", "▋", "▊", "▉"]
            put(partial[remainder - 1], x: next, y: y, style: style)
            next += 1
        }
        fill(Rect(x: next, y: y, width: x + width - next, height: 1), with: emptyGlyph, style: emptyStyle)
    }
}
