/// Where the payment screen puts its QR: the left part of the body, beside a panel of at least `panelWidth`
/// columns; `f` (full screen) gets the whole terminal, status bar included.
public enum PaymentGeometry {
    /// Columns the amount/address/status panel needs beside the QR (its margin included).
    public static let panelWidth = 31

    /// The space for the QR beside the panel on a terminal of `size` (the status bar row excluded).
    public static func qrSpace(in size: TextSize) -> TextSize {
        TextSize(columns: max(0, size.columns - panelWidth), rows: max(0, size.rows - 1))
    }

    /// True when `uri`'s QR can be shown beside the panel at the till's minimum size (80×24) in a preferred layout.
    /// `level` limits the layouts tried to that error-correction level.
    public static func fitsAtMinimumSize(_ uri: String, level: QRCode.Level? = nil) -> Bool {
        guard let layout = QRLayout.best(for: uri, in: qrSpace(in: TillScreen.minimumSize)) else { return false }
        return level == nil || layout.code.level == level
    }
}
