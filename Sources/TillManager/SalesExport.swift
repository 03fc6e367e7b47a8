import BigInt
import Foundation
import TillCore
import TillStore

/// Export file formats.
public enum ExportFormat: String, Sendable, CaseIterable {
    /// RFC 4180: CRLF line ends, fields quoted when they hold a comma, quote or line break; a header row.
    case csv
    /// A JSON array of objects with the CSV's columns as keys; every value a string, or null when empty.
    case json
}

/// Who asked for an export (the audit log records it).
public enum ExportRequester: Sendable {
    /// From the manager screen, with a manager's approval for `.export`.
    case approval(ManagerApproval)
    /// `till sales export`: whoever can read the database file; the OS user is recorded.
    case commandLine(user: String)
}

/// What an export wrote.
public struct ExportSummary: Hashable, Sendable {
    public let sales: Int
    public let payments: Int
}

/// Sales for an accountant: one record per sale and one per payment (column `record` = "sale" / "payment").
public struct SalesExport: Sendable {
    /// The columns, in order.
    public static let columns = [
        "record", "sale_id", "status", "flags", "cashier", "time_utc", "time_local", "currency", "fiat_amount",
        "coin", "coin_amount", "coin_units", "rate", "rate_source", "txid", "output", "address", "derivation_path",
        "payment_state", "confirmations", "block_height", "block_hash", "late",
    ]

    /// The columns as JSON keys with their colon, made once.
    static let quotedColumns = columns.map { JSONText.quoted($0) + ":" }

    public let store: any ManagerBackend
    public let timeZone: TimeZone
    public let assets: [String: Asset]

    public init(store: any ManagerBackend, timeZone: TimeZone, assets: [Asset] = Asset.builtIn) {
        self.store = store
        self.timeZone = timeZone
        self.assets = Dictionary(assets.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// Writes the sales opened in [from.start, to.end) (both local days inclusive) to `sink` in pieces.
    @discardableResult
    public func export(from: LocalDay, to: LocalDay, format: ExportFormat, requester: ExportRequester, at: Date,
                       sink: (String) throws -> Void) throws -> ExportSummary {
        let actor: String
        switch requester {
        case .approval(let approval):
            guard approval.permission == .export else {
                throw ManagerError.notAllowed(user: approval.requestedBy, permission: .export)
            }
            actor = approval.manager
        case .commandLine(let user):
            actor = "cli:\(user)"
        }
        let summary = try write(SaleFilter(from: from.start, to: to.end), format: format, sink: sink)
        try AuditLog(store: store).append(.export, actor: actor, details: """
            from=\(from.text) to=\(to.text) format=\(format.rawValue) sales=\(summary.sales) payments=\(summary.payments)
            """, at: at)
        return summary
    }

    @discardableResult
    /// Writes the filtered sales without auditing (the benchmark and `export`).
    public func write(_ filter: SaleFilter, format: ExportFormat, sink: (String) throws -> Void) throws -> ExportSummary {
        var sales = 0, payments = 0, first = true
        var buffer = ""
        buffer.reserveCapacity(1 << 16)
        func emit(_ record: [String?]) throws {
            switch format {
            case .csv: CSVText.append(record, to: &buffer)
            case .json:
                buffer += first ? "[\n" : ",\n"
                ExportJSON.append(object: record, quotedKeys: Self.quotedColumns, to: &buffer)
                first = false
            }
            if buffer.utf8.count >= 1 << 16 { try sink(buffer); buffer = "" }
        }
        if format == .csv { buffer += CSVText.line(Self.columns) }
        try store.forEachExportedSale(filter) { sale in
            sales += 1
            try emit(saleRecord(sale))
            for payment in sale.payments {
                payments += 1
                try emit(paymentRecord(payment, of: sale))
            }
        }
        if format == .json { buffer += first ? "[]\n" : "\n]\n" }
        try sink(buffer)
        return ExportSummary(sales: sales, payments: payments)
    }

    private func saleRecord(_ sale: ExportedSale) -> [String?] {
        let summary = sale.summary
        return ["sale", summary.id, summary.status.rawValue, summary.flags.map(\.rawValue).sorted().joined(separator: " "),
                summary.cashier, TimeText.utc(summary.openedAt), TimeText.local(summary.openedAt, timeZone),
                summary.fiatTotal.currency.code, summary.fiatTotal.decimalString, summary.assetID,
                summary.coinDueUnits.flatMap { coinText($0, summary.assetID) }, summary.coinDueUnits.map(UnitsText.decimal),
                sale.ratePrice, sale.rateSource, nil, nil, summary.address, sale.derivationPath, nil, nil, nil, nil, nil]
    }

    private func paymentRecord(_ payment: ExportedPayment, of sale: ExportedSale) -> [String?] {
        let summary = sale.summary
        return ["payment", summary.id, summary.status.rawValue, summary.flags.map(\.rawValue).sorted().joined(separator: " "),
                summary.cashier, TimeText.utc(payment.firstSeen), TimeText.local(payment.firstSeen, timeZone),
                summary.fiatTotal.currency.code, fiatValue(payment.amountUnits, sale), summary.assetID,
                coinText(payment.amountUnits, summary.assetID), UnitsText.decimal(payment.amountUnits), sale.ratePrice,
                sale.rateSource, payment.txid, String(payment.output), payment.address, sale.derivationPath,
                payment.state, String(payment.confirmations), payment.blockHeight.map { String($0) }, payment.blockHash,
                payment.late ? "true" : "false"]
    }

    /// The payment's value at the sale's quote rate, rounded down (as `ExchangeRate.fiatValue`).
    private func fiatValue(_ units: BigUInt, _ sale: ExportedSale) -> String? {
        guard let id = sale.summary.assetID, let asset = assets[id], let text = sale.ratePrice,
              let price = try? DecimalNumber(parsing: text) else { return nil }
        let rate = ExchangeRate(asset: asset, currency: sale.summary.fiatTotal.currency, price: price, source: "",
                                time: sale.summary.openedAt)
        return rate.fiatValue(of: CoinAmount(units: units, asset: asset)).decimalString
    }

    private func coinText(_ units: BigUInt, _ assetID: String?) -> String? {
        guard let assetID, let asset = assets[assetID] else { return nil }
        return CoinAmount(units: units, asset: asset).fixedDecimal
    }
}

/// Base units as decimal text; one-word values (nearly all) skip BigUInt's slow generic printing.
enum UnitsText {
    static func decimal(_ value: BigUInt) -> String {
        value.words.count <= 1 ? String(value.words.first ?? 0) : String(value)
    }
}

/// JSON objects of the export (strings and null only; strings through `JSONText`).
enum ExportJSON {
    /// Appends `{"key":value,…}` with keys already quoted (`"key":`); empty values are null.
    static func append(object values: [String?], quotedKeys: [String], to buffer: inout String) {
        buffer += "{"
        for (index, value) in values.enumerated() {
            if index > 0 { buffer += "," }
            buffer += quotedKeys[index]
            if let value, !value.isEmpty { buffer += JSONText.quoted(value) } else { buffer += "null" }
        }
        buffer += "}"
    }
}
