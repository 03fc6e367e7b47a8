import Foundation
import TillCore
import TillManager
import TillStore
import TillUI

extension ManagerService {
    /// Performs the sales tab's effects: pages and details (indexed, a few ms) answer at once; totals and exports
    /// run off the runner thread and post their results to the inbox.
    func performSales(_ effect: SalesTabEffect) -> [SalesTabEvent] {
        do {
            switch effect {
            case .loadPage(let filter, let after, let limit):
                let cursor = after.map { SaleCursor(resumingAfter: $0.openedAtMillis, id: $0.id) }
                let page = try store.listSales(try saleFilter(filter), after: cursor, limit: limit)
                let refunded = try store.refundedSaleIDs(page.rows.map(\.id))
                let rows = page.rows.map { salesRow($0, refunded: refunded.contains($0.id)) }
                let next = page.next.map { SalesCursor(openedAtMillis: $0.openedAtMillis, id: $0.id) }
                return [.page(filter, after: after, SalesPageResult(rows: rows, next: next))]
            case .loadTotals(let filter, let grouping):
                // Totals of a year aggregate every sale in it (hundreds of ms at 100,000 sales): never on the runner thread.
                let storeFilter = try saleFilter(filter)
                Task.detached { [self] in
                    let event: SalesTabEvent
                    do {
                        event = .totals(filter, grouping, try self.totalsRows(storeFilter, grouping))
                    } catch {
                        self.log.error("sales totals: \(ErrorText.message(error))")
                        event = .failed(ErrorText.message(error))
                    }
                    self.inbox.post(.manager(.sales(event)))
                }
                return []
            case .loadDetails(let id):
                guard let sale = try store.sale(id: id) else { throw ManagerError.saleNotFound(id) }
                let refunds = try store.refunds(saleID: id).map {
                    SalesRefund(txid: $0.txid, amount: CoinAmount(units: $0.amountUnits, asset: asset($0.assetID)),
                                at: $0.recordedAt, by: $0.recordedBy, note: $0.note)
                }
                return [.details(SalesDetails(sale: sale, refunds: refunds))]
            case .export(let from, let to, let format, let at):
                try startExport(SalesExportJob(from: try LocalDay(parsing: from, timeZone: timeZone),
                                               to: try LocalDay(parsing: to, timeZone: timeZone),
                                               format: format == .csv ? .csv : .json,
                                               approval: try approval(for: .export, at: at), at: at))
                return []
            }
        } catch {
            log.error("sales tab: \(effect): \(ErrorText.message(error))")
            return [.failed(ErrorText.message(error))]
        }
    }

    /// The store's filter for the tab's: local days in the shop's zone, from the first day's start to the last day's end.
    func saleFilter(_ filter: SalesFilter) throws -> SaleFilter {
        SaleFilter(from: try filter.from.map { try LocalDay(parsing: $0, timeZone: timeZone).start },
                   to: try filter.to.map { try LocalDay(parsing: $0, timeZone: timeZone).end },
                   assetID: filter.assetID, statuses: filter.status.map { [$0] } ?? [], cashier: filter.cashier,
                   lane: filter.lane)
    }

    /// The configured asset with this id; an asset no longer configured shows its base units under its id.
    func asset(_ id: String) -> Asset {
        assets.first { $0.id == id } ?? [Asset.btc, .ltc, .eth].first { $0.id == id }
            ?? Asset(id: id, symbol: "\(id) units", decimals: 0, kind: .utxo)
    }

    private func salesRow(_ summary: SaleSummary, refunded: Bool) -> SalesRow {
        let coin = summary.assetID.map(asset)
        return SalesRow(id: summary.id, cashier: summary.cashier, openedAt: summary.openedAt, status: summary.status,
                        flags: summary.flags, fiat: summary.fiatTotal,
                        coinDue: coin.flatMap { asset in summary.coinDueUnits.map { CoinAmount(units: $0, asset: asset) } },
                        coinReceived: coin.flatMap { asset in summary.coinReceivedUnits.map { CoinAmount(units: $0, asset: asset) } },
                        refunded: refunded)
    }

    /// The totals of `filter` by `grouping`, as the tab shows them.
    func totalsRows(_ filter: SaleFilter, _ grouping: SalesGrouping) throws -> [SalesTotalsRow] {
        guard grouping == .lane else {
            return try store.totals(filter, groupedBy: [storeGrouping(grouping)]).map { totalsRow($0, grouping) }
        }
        // Per lane: the lanes' totals one by one (the "all" line adds them up to the whole shop's). A till's own
        // ledger is one group, "this till".
        let lanes = try store.laneNames()
        guard !lanes.isEmpty else { return try store.totals(filter, groupedBy: []).map { totalsRow($0, grouping, label: "this till") } }
        return try lanes.filter { filter.lane == nil || filter.lane == $0 }.flatMap { lane in
            var one = filter
            one.lane = lane
            return try store.totals(one, groupedBy: []).map { totalsRow($0, grouping, label: lane) }
        }
    }

    private func storeGrouping(_ grouping: SalesGrouping) -> TotalsGrouping {
        switch grouping {
        case .day: .day
        case .coin: .asset
        case .cashier: .cashier
        case .lane: .cashier // not asked: lanes are totalled one by one (`totalsRows`)
        }
    }

    private func totalsRow(_ totals: SaleTotals, _ grouping: SalesGrouping, label lane: String = "") -> SalesTotalsRow {
        let label: String = switch grouping {
        case .day: totals.day ?? ""
        case .coin: (totals.assetID ?? "").isEmpty ? "(no coin)" : totals.assetID ?? ""
        case .cashier: totals.cashier ?? ""
        case .lane: lane
        }
        let fiatCurrency = FiatCurrency.named(totals.currencyCode) ?? currency
        let coins = totals.coins.keys.sorted().map { id in
            let sums = totals.coins[id]!
            return SalesCoinTotal(due: CoinAmount(units: sums.due, asset: asset(id)),
                                  received: CoinAmount(units: sums.received, asset: asset(id)))
        }
        return SalesTotalsRow(label: label, count: totals.count, fiat: FiatAmount(minor: totals.fiatTotalMinor, currency: fiatCurrency),
                              coins: coins)
    }
}
