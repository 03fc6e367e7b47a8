import BigInt
import Foundation
import TillCore
import TillStore

/// Takings of one coin: paid sales, their fiat total at the quote rates, and the coin received.
public struct ZCoinLine: Hashable, Sendable {
    public let assetID: String
    public let count: Int
    public let fiatMinor: Int64
    public let receivedUnits: BigUInt
}

/// One cashier's day.
public struct ZCashierLine: Hashable, Sendable {
    public let cashier: String
    /// Paid sales and their fiat total.
    public let paidCount: Int
    public let paidFiatMinor: Int64
    /// Sales in any status the cashier opened.
    public let openedCount: Int
}

/// A sale of the day that needed the manager.
public struct ZException: Hashable, Sendable {
    public let saleID: String
    public let cashier: String
    public let status: SaleStatus
    public let flags: [SaleFlag]
    public let fiatMinor: Int64
}

/// The end-of-day (Z) report of the shop's local day: sales are counted on the day they were OPENED.
/// Takings are the `paid` sales (including those a manager accepted); everything else is counted by status.
public struct ZReport: Hashable, Sendable {
    public let day: LocalDay
    public let currency: FiatCurrency
    public let generatedAt: Date
    public let paidCount: Int
    public let paidFiatMinor: Int64
    /// Paid sales per coin, by asset id.
    public let coins: [ZCoinLine]
    /// Per cashier, by name.
    public let cashiers: [ZCashierLine]
    /// Sales opened that day per status (statuses with none are left out).
    public let statusCounts: [SaleStatus: Int]
    /// Flagged sales, oldest first.
    public let exceptions: [ZException]
    /// Refunds recorded during the day (whatever day their sale was).
    public let refunds: [RefundRecord]
    /// The audit log's last hash when the report was made (anchors the history on paper).
    public let auditHead: String

    /// How many exceptions carry each flag (`acceptedByManager` included).
    public var exceptionCounts: [SaleFlag: Int] {
        exceptions.reduce(into: [:]) { counts, item in for flag in item.flags { counts[flag, default: 0] += 1 } }
    }
}

/// Computes, renders, closes and reprints Z reports.
public struct ZReports: Sendable {
    public let store: any ManagerBackend
    public let timeZone: TimeZone
    public let currency: FiatCurrency
    /// Assets by id, to show coin amounts with their decimals (unknown ids show base units).
    public let assets: [String: Asset]

    public init(store: any ManagerBackend, timeZone: TimeZone, currency: FiatCurrency,
                assets: [Asset] = Asset.builtIn) {
        self.store = store
        self.timeZone = timeZone
        self.currency = currency
        self.assets = Dictionary(assets.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The day's report as of `at`.
    public func report(for day: LocalDay, at: Date) throws -> ZReport {
        let dayFilter = SaleFilter(from: day.start, to: day.end)
        var paidFilter = dayFilter
        paidFilter.statuses = [.paid]
        let byCoin = try store.totals(paidFilter, groupedBy: [.asset])
        let coins = byCoin.compactMap { line -> ZCoinLine? in
            guard let asset = line.assetID, !asset.isEmpty else { return nil }
            return ZCoinLine(assetID: asset, count: line.count, fiatMinor: line.fiatTotalMinor,
                             receivedUnits: line.coins[asset]?.received ?? 0)
        }.sorted { $0.assetID < $1.assetID }
        let paidByCashier = try store.totals(paidFilter, groupedBy: [.cashier])
        let openedByCashier = try store.totals(dayFilter, groupedBy: [.cashier])
        var cashierNames = Set(openedByCashier.compactMap(\.cashier))
        cashierNames.formUnion(paidByCashier.compactMap(\.cashier))
        let cashiers = cashierNames.sorted().map { name in
            let paid = paidByCashier.filter { $0.cashier == name }
            return ZCashierLine(cashier: name, paidCount: paid.reduce(0) { $0 + $1.count },
                                paidFiatMinor: paid.reduce(0) { $0 + $1.fiatTotalMinor },
                                openedCount: openedByCashier.filter { $0.cashier == name }.reduce(0) { $0 + $1.count })
        }
        var statusCounts: [SaleStatus: Int] = [:]
        for status in SaleStatus.allCases {
            var filter = dayFilter
            filter.statuses = [status]
            let count = try store.totals(filter, groupedBy: []).reduce(0) { $0 + $1.count }
            if count > 0 { statusCounts[status] = count }
        }
        return ZReport(day: day, currency: currency, generatedAt: at,
                       paidCount: coins.reduce(0) { $0 + $1.count } + byCoin.filter { ($0.assetID ?? "").isEmpty }
                           .reduce(0) { $0 + $1.count },
                       paidFiatMinor: byCoin.reduce(0) { $0 + $1.fiatTotalMinor },
                       coins: coins, cashiers: cashiers, statusCounts: statusCounts,
                       exceptions: try exceptions(dayFilter), refunds: try store.refunds(from: day.start, to: day.end),
                       auditHead: try AuditLog(store: store).headHash())
    }

    private func exceptions(_ dayFilter: SaleFilter) throws -> [ZException] {
        var filter = dayFilter
        filter.flaggedOnly = true
        var out: [ZException] = [], cursor: SaleCursor?
        repeat {
            let page = try store.listSales(filter, after: cursor, limit: 500)
            out += page.rows.map {
                ZException(saleID: $0.id, cashier: $0.cashier, status: $0.status, flags: $0.flags.sorted(),
                           fiatMinor: $0.fiatTotal.minor)
            }
            cursor = page.next
        } while cursor != nil
        return out.reversed()
    }

    /// Closes the day: makes the report, records it (text and SHA-256) with who and when, and audits it.
    /// A day closes once; reprint it with `reprint(day:)`.
    @discardableResult
    public func close(_ day: LocalDay, approval: ManagerApproval, at: Date, width: Int = 42) throws -> DayCloseRecord {
        guard approval.permission == .closeDay else {
            throw ManagerError.notAllowed(user: approval.requestedBy, permission: .closeDay)
        }
        if try store.dayClose(day: day.text) != nil { throw ManagerError.dayAlreadyClosed(day: day.text) }
        let report = try report(for: day, at: at)
        let text = ZReportText.text(report, assets: assets, closedBy: approval.manager, width: width)
        let record = DayCloseRecord(day: day.text, closedAt: at, closedBy: approval.manager,
                                    reportHash: ZReportText.sha256(text), reportText: text)
        guard try store.recordDayClose(record) else { throw ManagerError.dayAlreadyClosed(day: day.text) }
        try AuditLog(store: store).append(.dayClosed, actor: approval.manager, details: """
            day=\(day.text) paid=\(report.paidCount) total=\(report.paidFiatMinor) report-sha256=\(record.reportHash)
            """, at: at)
        return record
    }

    /// The closed day's report exactly as recorded, marked as a reprint; nil if the day is not closed.
    public func reprint(day: LocalDay) throws -> String? {
        guard let record = try store.dayClose(day: day.text) else { return nil }
        return "*** REPRINT ***\n" + record.reportText
    }

    /// The text of the day's report now (not closing it).
    public func text(for day: LocalDay, at: Date, width: Int = 42) throws -> String {
        ZReportText.text(try report(for: day, at: at), assets: assets, closedBy: nil, width: width)
    }
}
