import TillCore

/// What stands where the QR was once the sale must not be paid (again): PAID, EXPIRED, cancelled, voided, or a
/// payment that vanished. A payable code left on screen invites exactly the late payments seen in the field.
enum QRReplacement {
    /// The words for the sale, or nil while the QR should be shown (the customer is still asked to pay).
    static func banner(for sale: Sale) -> (title: String, detail: String, role: ColorRole)? {
        switch sale.status {
        case .paid: return ("✓ PAID", "do not pay again", .success)
        case .expired: return ("EXPIRED", "do not pay this code", .warning)
        case .cancelled: return ("CANCELLED", "do not pay", .warning)
        case .voided: return ("VOIDED", "do not pay", .warning)
        case .awaitingPayment where sale.flags.contains(.doubleSpent) && !sale.payments.contains(where: \.counts):
            return ("PAYMENT VANISHED", "double spend: do not pay", .error)
        case .building, .awaitingPayment, .underpaid, .confirming: return nil
        }
    }

    /// Draws the banner in a box of the QR's usual place; returns the box's width.
    static func draw(_ banner: (title: String, detail: String, role: ColorRole), on canvas: inout Canvas, in area: Rect) -> Int {
        let width = min(max(24, area.width / 3), area.width - 30)
        let height = min(9, area.height)
        let box = Rect(x: 1, y: area.y + max(0, (area.height - height) / 2 - 2), width: width, height: height)
        canvas.box(box, lineStyle: .heavy, style: CellStyle(role: banner.role, bold: true))
        _ = canvas.writeCentered(banner.title, y: box.y + height / 2 - 1, in: box, style: CellStyle(role: banner.role, bold: true))
        _ = canvas.writeCentered(banner.detail, y: box.y + height / 2 + 1, in: box, style: CellStyle(role: banner.role))
        return box.maxX + 1
    }
}
