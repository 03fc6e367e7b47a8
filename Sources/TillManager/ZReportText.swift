import BigInt
import Crypto
import Foundation
import TillCore
import TillStore

/// The Z report as lines for the screen or a receipt printer (32/42/48 columns), using the receipt's layout helpers.
public enum ZReportText {
    public static func lines(_ report: ZReport, assets: [String: Asset], closedBy: String?, width requested: Int) -> [String] {
        let width = max(24, requested)
        let rule = String(repeating: "-", count: width)
        let zone = report.day.timeZone
        func money(_ minor: Int64) -> String { FiatAmount(minor: minor, currency: report.currency).formatted }
        var out = ReceiptLayout.centred("Z REPORT", width: width)
        out += ReceiptLayout.centred("\(report.day.text) (\(zone.identifier))", width: width)
        out.append(rule)
        out += ReceiptLayout.pair("Made", TimeText.short(report.generatedAt, zone), width: width)
        if let closedBy { out += ReceiptLayout.pair("Closed by", closedBy, width: width) }
        out.append(rule)
        out += ReceiptLayout.pair("PAID SALES", "\(report.paidCount)", width: width)
        out += ReceiptLayout.pair("TOTAL", money(report.paidFiatMinor), width: width)
        out.append(rule)
        out.append("BY COIN")
        if report.coins.isEmpty { out.append("  none") }
        for coin in report.coins {
            out += ReceiptLayout.pair("\(coin.assetID) x\(coin.count)", money(coin.fiatMinor), width: width)
            out += ReceiptLayout.pair("  received", coinText(coin.receivedUnits, coin.assetID, assets), width: width)
        }
        out.append(rule)
        out.append("BY CASHIER")
        if report.cashiers.isEmpty { out.append("  none") }
        for cashier in report.cashiers {
            out += ReceiptLayout.pair("\(cashier.cashier) x\(cashier.paidCount)/\(cashier.openedCount)",
                                      money(cashier.paidFiatMinor), width: width)
        }
        out.append(rule)
        out.append("SALES BY STATUS")
        for status in SaleStatus.allCases {
            if let count = report.statusCounts[status] {
                out += ReceiptLayout.pair("  \(status.rawValue)", "\(count)", width: width)
            }
        }
        out.append(rule)
        out += ReceiptLayout.pair("EXCEPTIONS", "\(report.exceptions.count)", width: width)
        let counts = report.exceptionCounts
        for flag in SaleFlag.allCases {
            if let count = counts[flag] { out += ReceiptLayout.pair("  \(flag.rawValue)", "\(count)", width: width) }
        }
        for item in report.exceptions {
            out += ReceiptLayout.pair(item.saleID, money(item.fiatMinor), width: width)
            out += ReceiptLayout.wrapped("  \(item.status.rawValue): " + item.flags.map(\.rawValue).joined(separator: ", "),
                                         width: width, maxLines: 3)
        }
        out.append(rule)
        out += ReceiptLayout.pair("REFUNDS", "\(report.refunds.count)", width: width)
        for refund in report.refunds {
            out += ReceiptLayout.pair(refund.saleID, coinText(refund.amountUnits, refund.assetID, assets), width: width)
            out += ReceiptLayout.chunked("  " + refund.txid, width: width)
        }
        out.append(rule)
        out.append("Audit log head")
        out += ReceiptLayout.chunked(report.auditHead.isEmpty ? "(empty)" : report.auditHead, width: width)
        return out
    }

    /// The lines joined with newlines, ending with one.
    public static func text(_ report: ZReport, assets: [String: Asset], closedBy: String?, width: Int) -> String {
        lines(report, assets: assets, closedBy: closedBy, width: width).joined(separator: "\n") + "\n"
    }

    static func coinText(_ units: BigUInt, _ assetID: String, _ assets: [String: Asset]) -> String {
        guard let asset = assets[assetID] else { return "\(units) \(assetID) base units" }
        return CoinAmount(units: units, asset: asset).formatted
    }

    static func sha256(_ text: String) -> String { Hex.encode(SHA256.hash(data: Array(text.utf8))) }

    /// The audit head a report's text printed ("" for "(empty)"), or nil when it has none.
    public static func auditHead(in text: String) -> String? {
        let lines = text.components(separatedBy: "\n")
        guard let start = lines.lastIndex(of: "Audit log head") else { return nil }
        var head = ""
        for line in lines[(start + 1)...] {
            let part = line.trimmingCharacters(in: .whitespaces)
            if part == "(empty)" { return "" }
            guard !part.isEmpty, part.allSatisfy(\.isHexDigit) else { break }
            head += part
            if head.count >= 64 { break }
        }
        return head.count == 64 ? head.lowercased() : nil
    }
}
