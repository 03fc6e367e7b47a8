import Foundation
import TillCore

/// The manager screen's tabs, in the order Tab cycles through them.
public enum ManagerTab: Int, Hashable, Sendable, CaseIterable {
    case sales, exceptions, report, deliveries

    public var title: String {
        switch self {
        case .sales: "Sales"
        case .exceptions: "Exceptions"
        case .report: "Z report"
        case .deliveries: "Webhooks"
        }
    }
}

/// What every tab may read from the rest of the model: time, zone, currency, coins, who approved.
public struct ManagerContext: Sendable {
    public var now: Date
    public var timeZone: TimeZone
    public var currency: FiatCurrency
    public var assets: [Asset]
    /// The manager whose session or override PIN opened this visit.
    public var approver: String
    /// The cashier whose session a manager override is inside (nil: the manager's own session).
    public var onBehalfOf: String?
    public var training: Bool
    /// The terminal's size (tabs size their lists and page keys by it).
    public var size = TextSize(columns: 80, rows: 24)
}

/// The manager screen: one state per tab, and who approved this visit.
public struct ManagerModel: Hashable, Sendable {
    public var tab: ManagerTab = .sales
    public var approver: String?
    public var onBehalfOf: String?
    public var sales = SalesTab()
    public var exceptions = ExceptionsTab()
    public var report = ReportTab()
    public var deliveries = DeliveriesTab()
    /// The last key on the manager screen: an unattended visit closes after `idleLimit`.
    public var lastActivity: Date?

    /// A manager who walks away does not leave the manager screen open at the counter.
    public static let idleLimit: TimeInterval = 300

    public init() {}
}

/// Results from the manager service, addressed to one tab.
public enum ManagerEvent: Sendable {
    case sales(SalesTabEvent)
    case exceptions(ExceptionsTabEvent)
    case report(ReportTabEvent)
    case deliveries(DeliveriesTabEvent)
}

/// What a tab asks the manager service to do (queries, actions, exports), as plain data.
public enum ManagerEffect: Hashable, Sendable {
    case sales(SalesTabEffect)
    case exceptions(ExceptionsTabEffect)
    case report(ReportTabEffect)
    case deliveries(DeliveriesTabEffect)
    /// The visit ended: the service forgets the approval.
    case closed
}

extension TillModel {
    /// The context the tabs work in.
    public var managerContext: ManagerContext {
        ManagerContext(now: now, timeZone: timeZone, currency: shop.currency, assets: coins.map(\.asset),
                       approver: manager.approver ?? session?.name ?? cashier, onBehalfOf: manager.onBehalfOf,
                       training: training, size: size)
    }

    /// Opens the manager screen once a manager approved (own session or override) and loads the front tab.
    mutating func openManager(approver: String, onBehalfOf: String?) -> [TillEffect] {
        manager.approver = approver
        manager.onBehalfOf = onBehalfOf
        manager.lastActivity = now
        screen = .manager
        notice = onBehalfOf.map { Notice("manager override by \(approver) in \($0)'s session", .warning) }
        return enterTab(manager.tab)
    }

    /// Leaves the manager screen; back to the sale on screen, or the catalog.
    mutating func closeManager() -> [TillEffect] {
        manager.approver = nil
        manager.onBehalfOf = nil
        screen = sale.map(TillModel.screen(for:)) ?? .catalog
        return [.manager(.closed)]
    }

    /// A key on the manager screen: the front tab first (it may have a dialog open), then Tab, Shift-Tab and Esc.
    mutating func managerKey(_ key: Key) -> [TillEffect] {
        manager.lastActivity = now
        let context = managerContext
        let used: [ManagerEffect]? = switch manager.tab {
        case .sales: manager.sales.key(key, context)?.map(ManagerEffect.sales)
        case .exceptions: manager.exceptions.key(key, context)?.map(ManagerEffect.exceptions)
        case .report: manager.report.key(key, context)?.map(ManagerEffect.report)
        case .deliveries: manager.deliveries.key(key, context)?.map(ManagerEffect.deliveries)
        }
        if let used { return used.map(TillEffect.manager) }
        let tabs = ManagerTab.allCases
        switch key {
        case .tab, .right: return enterTab(tabs[(manager.tab.rawValue + 1) % tabs.count])
        case .backTab, .left: return enterTab(tabs[(manager.tab.rawValue + tabs.count - 1) % tabs.count])
        case .escape, .character("m"): return closeManager()
        default: return []
        }
    }

    /// Brings a tab to the front and lets it load what it shows.
    mutating func enterTab(_ tab: ManagerTab) -> [TillEffect] {
        manager.tab = tab
        let context = managerContext
        let effects: [ManagerEffect] = switch tab {
        case .sales: manager.sales.opened(context).map(ManagerEffect.sales)
        case .exceptions: manager.exceptions.opened(context).map(ManagerEffect.exceptions)
        case .report: manager.report.opened(context).map(ManagerEffect.report)
        case .deliveries: manager.deliveries.opened(context).map(ManagerEffect.deliveries)
        }
        return effects.map(TillEffect.manager)
    }

    /// A manager service result, handed to its tab.
    mutating func handleManager(_ event: ManagerEvent) -> [TillEffect] {
        let context = managerContext
        let effects: [ManagerEffect] = switch event {
        case .sales(let event): manager.sales.handle(event, context).map(ManagerEffect.sales)
        case .exceptions(let event): manager.exceptions.handle(event, context).map(ManagerEffect.exceptions)
        case .report(let event): manager.report.handle(event, context).map(ManagerEffect.report)
        case .deliveries(let event): manager.deliveries.handle(event, context).map(ManagerEffect.deliveries)
        }
        return effects.map(TillEffect.manager)
    }

    /// Once a second while the manager screen is up: the front tab may refresh (live totals).
    mutating func tickManager() -> [TillEffect] {
        guard screen == .manager else { return [] }
        if let last = manager.lastActivity, now.timeIntervalSince(last) >= ManagerModel.idleLimit {
            let effects = closeManager()
            notice = Notice("the manager screen closed after \(Int(ManagerModel.idleLimit / 60)) minutes without a key", .info)
            return effects
        }
        let context = managerContext
        let effects: [ManagerEffect] = switch manager.tab {
        case .sales: manager.sales.tick(context).map(ManagerEffect.sales)
        case .exceptions: manager.exceptions.tick(context).map(ManagerEffect.exceptions)
        case .report: manager.report.tick(context).map(ManagerEffect.report)
        case .deliveries: manager.deliveries.tick(context).map(ManagerEffect.deliveries)
        }
        return effects.map(TillEffect.manager)
    }
}
