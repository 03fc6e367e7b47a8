import TillCore

/// How one cell is drawn: a colour role from the theme plus attributes, or the fixed QR colours.
public struct CellStyle: Hashable, Sendable {
    /// The theme role whose colours the cell uses (ignored when `isQR`).
    public var role: ColorRole
    public var bold: Bool
    public var reverse: Bool
    /// Always black foreground on white background, whatever the theme: a QR must be dark on light to scan.
    public var isQR: Bool

    public init(role: ColorRole = .text, bold: Bool = false, reverse: Bool = false) {
        self.role = role
        self.bold = bold
        self.reverse = reverse
        self.isQR = false
    }

    /// Plain text in the theme's text colours.
    public static let plain = CellStyle()
    /// The QR style: dark modules are the foreground (black), light modules the background (white).
    public static let qr: CellStyle = {
        var style = CellStyle()
        style.isQR = true
        return style
    }()

    /// A copy with bold set.
    public var bolded: CellStyle { var copy = self; copy.bold = true; return copy }
    /// A copy with reverse video set.
    public var reversed: CellStyle { var copy = self; copy.reverse = true; return copy }
}

/// One character cell: a grapheme and its style. A wide grapheme is followed by a continuation cell.
public struct Cell: Hashable, Sendable {
    public var grapheme: Character
    public var style: CellStyle
    /// True for the right half of a double-width grapheme drawn in the cell to the left.
    public var isContinuation: Bool

    public init(_ grapheme: Character = " ", style: CellStyle = .plain, isContinuation: Bool = false) {
        self.grapheme = grapheme
        self.style = style
        self.isContinuation = isContinuation
    }

    /// An empty cell in the plain style.
    public static let blank = Cell()
}
