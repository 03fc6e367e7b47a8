import Foundation
import TillCore

/// The sales tab's state: a keyset-paged list with filters, live totals, details and exports.
public struct SalesTab: Hashable, Sendable {
    /// Rows asked for per page.
    public static let pageSize = 100
    /// The next page is asked for when the selection comes this close to the last loaded row.
    static let prefetchMargin = 30
    /// How often the totals (and the first page, when only it is loaded) refresh while the tab is in front.
    static let refreshInterval: TimeInterval = 5

    /// A typed field of the filter.
    public enum Field: Hashable, Sendable { case from, to, cashier, lane }

    /// What has the keys: the list, a field being typed, the details of one sale, or the export question.
    public enum Mode: Hashable, Sendable {
        case list
        case editing(Field, TextField)
        case details(saleID: String)
        case exporting(from: String, to: String)
    }

    public internal(set) var mode = Mode.list
    public internal(set) var filter = SalesFilter()
    public internal(set) var rows: [SalesRow] = []
    /// Where the next page starts; nil when the last page is loaded.
    public internal(set) var next: SalesCursor?
    /// The first page for the current filter arrived.
    public internal(set) var loaded = false
    /// A next page was asked for and has not arrived.
    public internal(set) var loadingMore = false
    public internal(set) var selection = 0
    /// The first list row on screen.
    public internal(set) var top = 0
    public internal(set) var grouping = SalesGrouping.day
    public internal(set) var totals: [SalesTotalsRow] = []
    /// Totals were asked for and have not arrived (ticks do not pile up requests behind a slow one).
    public internal(set) var totalsPending = false
    public internal(set) var lastRefresh: Date?
    public internal(set) var details: SalesDetails?
    /// The first details line on screen.
    public internal(set) var detailsTop = 0
    /// Why a field was refused, a failure, or where the last export went.
    public internal(set) var message: Notice?
    /// An export is running.
    public internal(set) var exportRunning = false

    public init() {}

    /// The tab came to the front: load the first page and the totals afresh.
    mutating func opened(_ context: ManagerContext) -> [SalesTabEffect] {
        mode = .list
        details = nil
        return reload(context)
    }

    /// A key while the tab is in front; nil when the tab does not use it (the screen then handles Tab and Esc).
    mutating func key(_ key: Key, _ context: ManagerContext) -> [SalesTabEffect]? {
        switch mode {
        case .editing(let field, var text):
            return edit(field, &text, key, context)
        case .exporting(let from, let to):
            return exportKey(key, from: from, to: to, context)
        case .details:
            return detailsKey(key, context)
        case .list:
            return listKey(key, context)
        }
    }

    /// A result from the manager service.
    mutating func handle(_ event: SalesTabEvent, _ context: ManagerContext) -> [SalesTabEffect] {
        switch event {
        case .page(let filter, let after, let page):
            guard filter == self.filter else { return [] }
            if let after {
                guard loadingMore, after == next else { return [] }
                rows += page.rows
            } else {
                let selected = rows.indices.contains(selection) ? rows[selection].id : nil
                rows = page.rows
                selection = selected.flatMap { id in rows.firstIndex { $0.id == id } } ?? min(selection, max(0, rows.count - 1))
                loaded = true
            }
            next = page.next
            loadingMore = false
            keepSelectionVisible(context)
            return loadMoreIfNear()
        case .totals(let filter, let grouping, let totals):
            if filter == self.filter && grouping == self.grouping {
                self.totals = totals
                totalsPending = false
            }
            return []
        case .details(let details):
            if case .details(let id) = mode, id == details.sale.id {
                self.details = details
                detailsTop = 0
            }
            return []
        case .exported(let result):
            exportRunning = false
            message = Notice("exported \(result.sales) sales, \(result.payments) payments to \(result.path)", .success)
            return []
        case .failed(let reason):
            loadingMore = false
            totalsPending = false
            exportRunning = false
            message = Notice(reason, .error)
            if case .details = mode, details == nil { mode = .list }
            return []
        }
    }

    /// Once a second while in front: every few seconds the totals refresh (unless the last request is still
    /// running), and the first page when it is all that is loaded (new sales appear on top; deeper pages stay
    /// put so scrolling is not disturbed).
    mutating func tick(_ context: ManagerContext) -> [SalesTabEffect] {
        if let lastRefresh, context.now.timeIntervalSince(lastRefresh) < Self.refreshInterval { return [] }
        lastRefresh = context.now
        var effects: [SalesTabEffect] = totalsPending ? [] : [loadTotals()]
        if mode == .list, !loadingMore, rows.count <= Self.pageSize {
            effects.insert(.loadPage(filter, after: nil, limit: Self.pageSize), at: 0)
        }
        return effects
    }

    // MARK: - Keys

    private mutating func listKey(_ key: Key, _ context: ManagerContext) -> [SalesTabEffect]? {
        let page = max(1, SalesLayout(context).listRows - 1)
        switch key {
        case .up: return move(to: selection - 1, context)
        case .down: return move(to: selection + 1, context)
        case .pageUp: return move(to: selection - page, context)
        case .pageDown: return move(to: selection + page, context)
        case .home: return move(to: 0, context)
        case .end: return move(to: rows.count - 1, context)
        case .enter:
            guard rows.indices.contains(selection) else { return [] }
            let id = rows[selection].id
            mode = .details(saleID: id)
            details = nil
            detailsTop = 0
            return [.loadDetails(saleID: id)]
        case .character("f"): return startEditing(.from, filter.from)
        case .character("t"): return startEditing(.to, filter.to)
        case .character("u"): return startEditing(.cashier, filter.cashier)
        case .character("l"): return startEditing(.lane, filter.lane)
        case .character("c"):
            filter.assetID = SalesFilter.nextAsset(after: filter.assetID, in: context.assets)
            return reload(context)
        case .character("s"):
            filter.status = SalesFilter.nextStatus(after: filter.status)
            return reload(context)
        case .character("r"):
            guard !filter.isEmpty else { return [] }
            filter = SalesFilter()
            return reload(context)
        case .character("g"):
            grouping = grouping.next
            totals = []
            return [loadTotals()]
        case .character("e"):
            guard !exportRunning else {
                message = Notice("an export is already running", .warning)
                return []
            }
            // The filter's days, or this month; a one-sided filter keeps the range the right way round.
            let month = SalesDay.month(of: context.now, context.timeZone)
            let from = filter.from ?? min(month.first, filter.to ?? month.first)
            mode = .exporting(from: from, to: filter.to ?? max(month.last, from))
            return []
        default: return nil
        }
    }

    private mutating func move(to index: Int, _ context: ManagerContext) -> [SalesTabEffect] {
        selection = max(0, min(index, rows.count - 1))
        keepSelectionVisible(context)
        return loadMoreIfNear()
    }

    /// Asks for the next page when the selection nears the end of what is loaded (never for everything at once).
    private mutating func loadMoreIfNear() -> [SalesTabEffect] {
        guard let next, !loadingMore, selection >= rows.count - Self.prefetchMargin else { return [] }
        loadingMore = true
        return [.loadPage(filter, after: next, limit: Self.pageSize)]
    }

    private mutating func keepSelectionVisible(_ context: ManagerContext) {
        let visible = SalesLayout(context).listRows
        top = min(max(top, selection - visible + 1), selection)
        top = max(0, min(top, max(0, rows.count - visible)))
    }

    private mutating func startEditing(_ field: Field, _ text: String?) -> [SalesTabEffect] {
        let named = field == .cashier || field == .lane
        mode = .editing(field, TextField(text ?? "", limit: field == .cashier ? 40 : (field == .lane ? 16 : 10),
                                         allowed: named ? .any : .date))
        message = nil
        return []
    }

    /// Every key goes to the field while it is open; Enter applies it (empty clears), Esc leaves it unchanged.
    private mutating func edit(_ field: Field, _ text: inout TextField, _ key: Key, _ context: ManagerContext) -> [SalesTabEffect] {
        switch text.apply(key) {
        case .cancelled:
            mode = .list
            message = nil
            return []
        case .edited, .ignored:
            mode = .editing(field, text)
            return []
        case .submitted:
            let value = text.text.trimmingCharacters(in: .whitespaces)
            var changed = filter
            switch field {
            case .from: changed.from = value.isEmpty ? nil : value
            case .to: changed.to = value.isEmpty ? nil : value
            case .cashier: changed.cashier = value.isEmpty ? nil : value
            case .lane: changed.lane = value.isEmpty ? nil : value
            }
            if field == .from || field == .to, !value.isEmpty, !SalesDay.isValid(value) {
                message = Notice("\(value) is not a day: type YYYY-MM-DD, e.g. 2026-11-25", .error)
                mode = .editing(field, text)
                return []
            }
            if let from = changed.from, let to = changed.to, from > to {
                message = Notice("from \(from) is after to \(to)", .error)
                mode = .editing(field, text)
                return []
            }
            mode = .list
            message = nil
            guard changed != filter else { return [] }
            filter = changed
            return reload(context)
        }
    }

    private mutating func detailsKey(_ key: Key, _ context: ManagerContext) -> [SalesTabEffect]? {
        let visible = SalesLayout(context).detailRows
        let count = details.map { SalesDetailLines.lines($0, context, width: SalesLayout.textWidth(context)).count } ?? 0
        let last = max(0, count - visible)
        switch key {
        case .escape, .backspace:
            mode = .list
            details = nil
        case .up: detailsTop = max(0, detailsTop - 1)
        case .down: detailsTop = min(last, detailsTop + 1)
        case .pageUp: detailsTop = max(0, detailsTop - max(1, visible - 1))
        case .pageDown: detailsTop = min(last, detailsTop + max(1, visible - 1))
        case .home: detailsTop = 0
        case .end: detailsTop = last
        case .tab, .backTab: return nil
        default: break
        }
        return []
    }

    private mutating func exportKey(_ key: Key, from: String, to: String, _ context: ManagerContext) -> [SalesTabEffect] {
        let format: SalesExportFormat
        switch key {
        case .character("c"), .enter: format = .csv
        case .character("j"): format = .json
        case .escape:
            mode = .list
            return []
        default: return []
        }
        mode = .list
        exportRunning = true
        message = Notice("exporting \(from) … \(to) as \(format.rawValue.uppercased())…")
        return [.export(from: from, to: to, format: format, at: context.now)]
    }

    /// A new filter: the list starts again from the newest sale, and the totals follow.
    private mutating func reload(_ context: ManagerContext) -> [SalesTabEffect] {
        rows = []
        next = nil
        loaded = false
        loadingMore = false
        selection = 0
        top = 0
        totals = []
        if !exportRunning { message = nil }
        lastRefresh = context.now
        return [.loadPage(filter, after: nil, limit: Self.pageSize), loadTotals()]
    }

    private mutating func loadTotals() -> SalesTabEffect {
        totalsPending = true
        return .loadTotals(filter, grouping)
    }
}
