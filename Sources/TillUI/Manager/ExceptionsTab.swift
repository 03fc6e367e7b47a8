import Foundation
import TillCore

/// The exceptions tab: the sales that need the manager (underpaid, overpaid, paid late, reorged, double-spent,
/// expired with funds), and the actions that fit each one, typed in a dialog.
public struct ExceptionsTab: Hashable, Sendable {
    public var rows: [ExceptionRow] = []
    /// More exceptions than the page holds (the list shows the newest).
    public var more = false
    public var cursor = 0
    /// Also list the ones a manager already dealt with.
    public var includeResolved = false {
        didSet { if includeResolved != oldValue { rows = []; cursor = 0; moreBelow = false } }
    }
    /// A next page was asked for and has not come yet.
    public var loadingMore = false
    /// Whether the last appended page said more lie below it.
    public var moreBelow = false
    public var dialog: ExceptionDialog?
    /// The last action's result or error.
    public var status: Notice?
    /// When the list was last asked for (it refreshes every few seconds while no dialog is open).
    public var requestedAt: Date?

    /// Seconds between refreshes while the tab is in front (chain events add exceptions at any time).
    static let refreshInterval: TimeInterval = 5

    public init() {}

    /// The row under the cursor.
    public var selected: ExceptionRow? { rows.indices.contains(cursor) ? rows[cursor] : nil }

    /// The tab came to the front: load what it shows.
    mutating func opened(_ context: ManagerContext) -> [ExceptionsTabEffect] { refresh(context) }

    /// A key while the tab is in front; nil when the tab does not use it (the screen then handles Tab and Esc).
    mutating func key(_ key: Key, _ context: ManagerContext) -> [ExceptionsTabEffect]? {
        if dialog != nil { return dialogKey(key) }
        switch key {
        case .up, .character("k"):
            cursor = max(0, cursor - 1)
            return []
        case .down, .character("j"), .pageDown:
            let step = key == .pageDown ? 10 : 1
            cursor = max(0, min(rows.count - 1, cursor + step))
            return loadMoreIfAtTheEnd()
        case .home:
            cursor = 0
            return []
        case .pageUp:
            cursor = max(0, cursor - 10)
            return []
        case .end:
            cursor = max(0, rows.count - 1)
            return loadMoreIfAtTheEnd()
        case .character("s"):
            includeResolved.toggle()
            status = Notice(includeResolved ? "showing resolved exceptions too" : "showing open exceptions only")
            return refresh(context)
        case .function(5):
            return refresh(context)
        case .character(let character):
            guard let action = ExceptionRowAction.allCases.first(where: { $0.key == character }) else { return nil }
            return start(action)
        default:
            return nil
        }
    }

    /// Opens the action's dialog for the selected row, or says why it does not fit.
    mutating func start(_ action: ExceptionRowAction) -> [ExceptionsTabEffect] {
        guard let row = selected else {
            status = Notice("no exception selected", .warning)
            return []
        }
        guard row.actions.contains(action) else {
            status = Notice("\(row.saleID) (\(row.status.rawValue)) cannot be given \"\(action.title)\"", .warning)
            return []
        }
        dialog = ExceptionDialog(action: action, saleID: row.saleID, asset: row.asset)
        return []
    }

    private mutating func dialogKey(_ key: Key) -> [ExceptionsTabEffect] {
        guard var open = dialog else { return [] }
        switch open.apply(key) {
        case .editing:
            dialog = open
            return []
        case .cancelled:
            dialog = nil
            status = Notice("cancelled")
            return []
        case .submit(let effect):
            dialog = open
            return [effect]
        }
    }

    /// A result from the manager service.
    mutating func handle(_ event: ExceptionsTabEvent, _ context: ManagerContext) -> [ExceptionsTabEffect] {
        switch event {
        case .loaded(let loaded, let hasMore):
            let keep = selected?.saleID
            // A refresh reads the first page again; pages loaded further down stay (the older part of the queue).
            let older = loaded.last.map { last in rows.filter { Self.isOlder($0, than: last) } } ?? []
            rows = loaded + (hasMore ? older : [])
            more = hasMore && (older.isEmpty || moreBelow)
            cursor = keep.flatMap { id in rows.firstIndex { $0.saleID == id } } ?? min(cursor, max(0, rows.count - 1))
            return []
        case .appended(let page, let hasMore):
            loadingMore = false
            let known = Set(rows.map(\.saleID))
            rows += page.filter { !known.contains($0.saleID) }
            more = hasMore
            moreBelow = hasMore
            return []
        case .acted(let message):
            dialog = nil
            status = Notice(message, .success)
            return refresh(context)
        case .failed(let message):
            loadingMore = false
            if dialog != nil {
                dialog?.error = message
            } else {
                status = Notice(message, .error)
            }
            return []
        }
    }

    /// At the last row with more exceptions below: ask for the next page (once).
    private mutating func loadMoreIfAtTheEnd() -> [ExceptionsTabEffect] {
        guard more, !loadingMore, cursor >= rows.count - 1, let last = rows.last else { return [] }
        loadingMore = true
        let millis = Int64((last.openedAt.timeIntervalSince1970 * 1000).rounded(.down))
        return [.loadMore(includeResolved: includeResolved, after: SalesCursor(openedAtMillis: millis, id: last.saleID))]
    }

    /// The queue's order: newest first by opening time, then by id.
    static func isOlder(_ row: ExceptionRow, than other: ExceptionRow) -> Bool {
        let a = Int64((row.openedAt.timeIntervalSince1970 * 1000).rounded(.down))
        let b = Int64((other.openedAt.timeIntervalSince1970 * 1000).rounded(.down))
        return a != b ? a < b : row.saleID < other.saleID
    }

    /// Once a second while in front: refresh every few seconds unless a dialog is open.
    mutating func tick(_ context: ManagerContext) -> [ExceptionsTabEffect] {
        guard dialog == nil else { return [] }
        if let requestedAt, context.now.timeIntervalSince(requestedAt) < Self.refreshInterval { return [] }
        return refresh(context)
    }

    private mutating func refresh(_ context: ManagerContext) -> [ExceptionsTabEffect] {
        requestedAt = context.now
        return [.refresh(includeResolved: includeResolved)]
    }
}

/// Results for the exceptions tab.
public enum ExceptionsTabEvent: Sendable {
    /// The queue, newest first; `more` when it holds more than one page.
    case loaded([ExceptionRow], more: Bool)
    /// The next page, older than the rows shown; `more` when yet more lie below.
    case appended([ExceptionRow], more: Bool)
    /// An action was done (the message says what).
    case acted(String)
    /// The service could not do what the tab asked (the message is for the screen).
    case failed(String)
}

/// What the exceptions tab asks the manager service to do.
public enum ExceptionsTabEffect: Hashable, Sendable {
    /// Load (again) the queue.
    case refresh(includeResolved: Bool)
    /// The page after `after` (the last row shown).
    case loadMore(includeResolved: Bool, after: SalesCursor)
    /// Accept the sale as paid, for `reason`.
    case accept(saleID: String, reason: String)
    /// Record a refund the merchant sent from their own wallet.
    case refund(saleID: String, txid: String, amount: CoinAmount)
    /// Void the sale, for `reason`.
    case void(saleID: String, reason: String)
}
