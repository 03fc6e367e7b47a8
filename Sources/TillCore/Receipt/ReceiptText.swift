/// Lays a `Receipt` out as lines of at most `width` characters: 32/42/48 for thermal paper, wider on screen.
/// A character counts as one column (receipt texts are Latin script; wide CJK glyphs are not measured).
public enum ReceiptText {
    /// The receipt's lines, none longer than `width` (at least 16).
    public static func lines(_ receipt: Receipt, width requested: Int) -> [String] {
        let width = max(16, requested)
        let rule = String(repeating: "-", count: width)
        var out: [String] = []
        for paragraph in receipt.header { out += ReceiptLayout.centred(paragraph, width: width) }
        out.append(rule)
        out += ReceiptLayout.pair("Sale", receipt.saleID, width: width)
        out += ReceiptLayout.pair("Time", receipt.time, width: width)
        out += ReceiptLayout.pair("Cashier", receipt.cashier, width: width)
        out.append(rule)
        for line in receipt.lines { out += item(line, width: width) }
        out.append(rule)
        out += totals(receipt, width: width)
        if let payment = receipt.payment {
            out.append(rule)
            out += self.payment(payment, width: width)
        }
        out.append(rule)
        out += ReceiptLayout.centred(receipt.status, width: width)
        if !receipt.footer.isEmpty {
            out.append(rule)
            for paragraph in receipt.footer { out += ReceiptLayout.centred(paragraph, width: width) }
        }
        return out
    }

    /// The lines joined with newlines, ending with one.
    public static func text(_ receipt: Receipt, width: Int) -> String {
        lines(receipt, width: width).joined(separator: "\n") + "\n"
    }

    /// Splits configured header/footer text into paragraphs (one per line of the setting).
    public static func paragraphs(_ text: String?) -> [String] {
        guard let text else { return [] }
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { String($0).trimmingSpaces }
            .filter { !$0.isEmpty }
    }

    /// "2 x Laptop 14"  $1,299.00": the name wraps onto at most two more lines, then is cut with "…".
    static func item(_ line: ReceiptLine, width: Int) -> [String] {
        let amount = line.total.formatted
        let prefix = "\(line.quantity) x "
        let nameWidth = width - prefix.count - amount.count - 1
        guard nameWidth >= 6 else {
            // Too narrow to share a line: name first, amount right-aligned below.
            return ReceiptLayout.wrapped(prefix + line.name, width: width, maxLines: 3)
                + [ReceiptLayout.rightAligned(amount, width: width)]
        }
        let nameLines = ReceiptLayout.wrapped(line.name, width: nameWidth, maxLines: 3)
        let indent = String(repeating: " ", count: prefix.count)
        var out = [ReceiptLayout.join(prefix + nameLines[0], amount, width: width)]
        out += nameLines.dropFirst().map { indent + $0 }
        return out
    }

    static func totals(_ receipt: Receipt, width: Int) -> [String] {
        var out: [String] = []
        if let tax = receipt.tax {
            out += ReceiptLayout.pair("Subtotal", receipt.subtotal.formatted, width: width)
            out += ReceiptLayout.pair(receipt.taxIncluded ? "incl. tax" : "Tax", tax.formatted, width: width)
        }
        out += ReceiptLayout.pair("TOTAL", receipt.total.formatted, width: width)
        return out
    }

    static func payment(_ payment: ReceiptPayment, width: Int) -> [String] {
        var out = ReceiptLayout.pair("Paid", payment.amount.formatted, width: width)
        if let rate = payment.rate { out += ReceiptLayout.pair("Rate", rate, width: width) }
        out.append("Address")
        out += ReceiptLayout.chunked(payment.address, width: width)
        for (index, txid) in payment.txids.enumerated() {
            out.append(payment.txids.count == 1 ? "Txid" : "Txid \(index + 1)")
            out += ReceiptLayout.chunked(txid, width: width)
        }
        let depth = payment.requiredConfirmations.map { "\(min(payment.confirmations, $0))/\($0)" }
            ?? "\(payment.confirmations)"
        out += ReceiptLayout.pair("Confirmations", depth, width: width)
        return out
    }
}

/// Column helpers shared by receipts and reports (label/value pairs, centring, wrapping).
public enum ReceiptLayout {
    /// "Label        value"; when both do not fit, the value goes right-aligned on the next line.
    public static func pair(_ label: String, _ value: String, width: Int) -> [String] {
        if label.count + 1 + value.count <= width { return [join(label, value, width: width)] }
        return wrapped(label, width: width, maxLines: 1) + chunked(value, width: width).map { rightAligned($0, width: width) }
    }

    /// `left` and `right` with spaces between to fill `width` (at least one space).
    public static func join(_ left: String, _ right: String, width: Int) -> String {
        left + String(repeating: " ", count: max(1, width - left.count - right.count)) + right
    }

    public static func rightAligned(_ text: String, width: Int) -> String {
        String(repeating: " ", count: max(0, width - text.count)) + text
    }

    /// Each wrapped line centred (extra space goes to the right, trailing spaces trimmed).
    public static func centred(_ text: String, width: Int) -> [String] {
        wrapped(text, width: width, maxLines: 4).map { String(repeating: " ", count: (width - $0.count) / 2) + $0 }
    }

    /// Hard chunks of `width` characters (addresses, txids: no place to break, every character matters).
    public static func chunked(_ text: String, width: Int) -> [String] {
        guard !text.isEmpty else { return [""] }
        var out: [String] = [], rest = Substring(text)
        while !rest.isEmpty {
            out.append(String(rest.prefix(width)))
            rest = rest.dropFirst(width)
        }
        return out
    }

    /// Greedy word wrap; words longer than `width` are broken; beyond `maxLines` the last line ends in "…".
    public static func wrapped(_ text: String, width: Int, maxLines: Int) -> [String] {
        var lines: [String] = [], current = ""
        for word in text.split(separator: " ") {
            var word = Substring(word)
            if !current.isEmpty, current.count + 1 + word.count <= width {
                current += " " + word
                continue
            }
            if !current.isEmpty { lines.append(current); current = "" }
            while word.count > width {
                lines.append(String(word.prefix(width)))
                word = word.dropFirst(width)
            }
            current = String(word)
        }
        if !current.isEmpty || lines.isEmpty { lines.append(current) }
        guard lines.count > maxLines else { return lines }
        var kept = Array(lines.prefix(maxLines))
        kept[maxLines - 1] = String(kept[maxLines - 1].prefix(width - 1)) + "…"
        return kept
    }
}
