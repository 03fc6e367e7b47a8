import Foundation
import TillCore

/// One row of the sales list, mapped from the store's summary by the manager service.
public struct SalesRow: Hashable, Sendable {
    public let id: String
    public let cashier: String
    public let openedAt: Date
    public let status: SaleStatus
    public let flags: Set<SaleFlag>
    public let fiat: FiatAmount
    /// What the first quote asked for; nil before checkout.
    public let coinDue: CoinAmount?
    /// What the payments that still count add up to.
    public let coinReceived: CoinAmount?
    /// At least one refund was recorded.
    public let refunded: Bool

    public init(id: String, cashier: String, openedAt: Date, status: SaleStatus, flags: Set<SaleFlag>, fiat: FiatAmount,
                coinDue: CoinAmount?, coinReceived: CoinAmount?, refunded: Bool) {
        self.id = id
        self.cashier = cashier
        self.openedAt = openedAt
        self.status = status
        self.flags = flags
        self.fiat = fiat
        self.coinDue = coinDue
        self.coinReceived = coinReceived
        self.refunded = refunded
    }
}

/// Where the next page of the list starts: the store's keyset cursor as plain data.
public struct SalesCursor: Hashable, Sendable {
    public let openedAtMillis: Int64
    public let id: String

    public init(openedAtMillis: Int64, id: String) {
        self.openedAtMillis = openedAtMillis
        self.id = id
    }
}

/// A page of the list, newest first; `next` is nil on the last page.
public struct SalesPageResult: Hashable, Sendable {
    public let rows: [SalesRow]
    public let next: SalesCursor?

    public init(rows: [SalesRow], next: SalesCursor?) {
        self.rows = rows
        self.next = next
    }
}

/// How the live totals are broken down; `g` cycles through them.
public enum SalesGrouping: String, Hashable, Sendable, CaseIterable {
    case day, coin, cashier, lane

    /// The next grouping in the cycle.
    public var next: SalesGrouping {
        let all = Self.allCases
        return all[(all.firstIndex(of: self)! + 1) % all.count]
    }
}

/// Coin totals of one asset: what was asked for and what arrived.
public struct SalesCoinTotal: Hashable, Sendable {
    public let due: CoinAmount
    public let received: CoinAmount

    public init(due: CoinAmount, received: CoinAmount) {
        self.due = due
        self.received = received
    }
}

/// Totals of one group (a day, a coin, a cashier or a lane).
public struct SalesTotalsRow: Hashable, Sendable {
    /// "2026-11-25", "BTC", "alice"; "(no coin)" for sales that never reached checkout.
    public let label: String
    public let count: Int
    /// The sales' fiat totals (what their quotes covered).
    public let fiat: FiatAmount
    public let coins: [SalesCoinTotal]

    public init(label: String, count: Int, fiat: FiatAmount, coins: [SalesCoinTotal]) {
        self.label = label
        self.count = count
        self.fiat = fiat
        self.coins = coins
    }
}

/// A refund the merchant recorded for a sale.
public struct SalesRefund: Hashable, Sendable {
    public let txid: String
    public let amount: CoinAmount
    public let at: Date
    public let by: String
    public let note: String

    public init(txid: String, amount: CoinAmount, at: Date, by: String, note: String) {
        self.txid = txid
        self.amount = amount
        self.at = at
        self.by = by
        self.note = note
    }
}

/// Everything the details view shows: the sale as saved and its refunds.
public struct SalesDetails: Hashable, Sendable {
    public let sale: Sale
    public let refunds: [SalesRefund]

    public init(sale: Sale, refunds: [SalesRefund]) {
        self.sale = sale
        self.refunds = refunds
    }
}

/// The export file formats the screen offers.
public enum SalesExportFormat: String, Hashable, Sendable, CaseIterable {
    case csv, json
}

/// What an export from the screen wrote.
public struct SalesExportResult: Hashable, Sendable {
    public let path: String
    public let sales: Int
    public let payments: Int

    public init(path: String, sales: Int, payments: Int) {
        self.path = path
        self.sales = sales
        self.payments = payments
    }
}

/// Results for the sales tab.
public enum SalesTabEvent: Sendable {
    /// A page of the list for `filter`, continuing after `after` (nil: the first page).
    case page(SalesFilter, after: SalesCursor?, SalesPageResult)
    case totals(SalesFilter, SalesGrouping, [SalesTotalsRow])
    case details(SalesDetails)
    case exported(SalesExportResult)
    /// The service could not do what the tab asked (the message is for the screen).
    case failed(String)
}

/// What the sales tab asks the manager service to do.
public enum SalesTabEffect: Hashable, Sendable {
    /// One page of the list, newest first, after `after` (nil: from the newest).
    case loadPage(SalesFilter, after: SalesCursor?, limit: Int)
    case loadTotals(SalesFilter, SalesGrouping)
    case loadDetails(saleID: String)
    /// Export the sales opened on local days `from`…`to` (inclusive); audited with the visit's approval.
    case export(from: String, to: String, format: SalesExportFormat, at: Date)
}
