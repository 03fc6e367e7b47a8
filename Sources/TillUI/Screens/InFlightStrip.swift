import TillCore

/// The sales handed off while they confirm, newest first: "in flight: S-…0002 BTC 2/6 · S-…0001 BTC VANISHED · i opens".
enum InFlightStrip {
    static func draw(_ model: TillModel, on canvas: inout Canvas, x: Int, y: Int, width: Int) {
        guard !model.inFlight.isEmpty, width > 0 else { return }
        let flagged = model.inFlight.contains { flag(of: $0) != nil }
        var text = "in flight:"
        var shown = 0
        for sale in model.inFlight {
            let entry = " \(sale.id) \(sale.asset?.symbol ?? "?") \(flag(of: sale) ?? "\(sale.confirmations)/\(sale.policy?.requiredConfirmations ?? 0)") ·"
            guard DisplayWidth.of(text + entry) + 8 <= width || shown == 0 else { break }
            text += entry
            shown += 1
        }
        if shown < model.inFlight.count { text += " +\(model.inFlight.count - shown) ·" }
        text += " i opens"
        _ = canvas.write(text, x: x, y: y, style: CellStyle(role: flagged ? .error : .accent, bold: flagged), maxWidth: width)
    }

    /// The exception a sale in flight carries, in capitals; nil while it just confirms.
    static func flag(of sale: Sale) -> String? {
        if sale.flags.contains(.doubleSpent) { return "VANISHED" }
        if sale.flags.contains(.reorged) { return "REORGED" }
        switch sale.status {
        case .underpaid: return "UNDERPAID"
        case .expired: return "EXPIRED"
        case .awaitingPayment: return "WAITING"
        case .building, .confirming, .paid, .cancelled, .voided: return nil
        }
    }
}

/// The payment screen's keys for the sale's state, wrapped at their separators so none is cut off.
enum PaymentKeysLine {
    static func lines(_ model: TillModel, sale: Sale, width: Int) -> [String] {
        var keys: [String]
        switch sale.status {
        case .paid: keys = ["Enter receipt", "n new sale"]
        case .expired: keys = ["Esc new sale", "m manager"]
        case .cancelled, .voided: keys = ["Enter/n new sale", "m manager"]
        case .confirming where sale.canHandOff: keys = ["n next customer", "f full QR", "? help"]
        case .building, .awaitingPayment, .underpaid, .confirming: keys = ["f full-screen QR", "Esc cancel", "? help"]
        }
        if !model.inFlight.isEmpty { keys.append("i in flight") }
        if model.training { keys += ["p pay", "b block"] }
        var lines: [String] = []
        for key in keys {
            if let last = lines.last, DisplayWidth.of(last) + 3 + DisplayWidth.of(key) <= width {
                lines[lines.count - 1] = last + " · " + key
            } else {
                lines.append(key)
            }
        }
        return lines
    }
}
