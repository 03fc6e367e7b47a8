import Foundation
import TillUI

/// Puts printer, webhook, command-hook and configuration problems on the cashier's notice line (`.notice`
/// through the inbox), at most once per subject per `interval`: a dead endpoint retried every 30 s, or a printer
/// that is off for every sale, must not flood the line. Callers log every occurrence; this only decides what is shown.
public final class ProblemNotices: @unchecked Sendable {
    /// Ten minutes between two notices about the same subject.
    public static let standardInterval: TimeInterval = 600

    public let interval: TimeInterval
    let inbox: Inbox?
    let clock: @Sendable () -> Date
    private let lock = NSLock()
    /// When each failing subject was last shown.
    private var shown: [String: Date] = [:]

    public init(inbox: Inbox?, interval: TimeInterval = ProblemNotices.standardInterval, clock: @escaping @Sendable () -> Date = Date.init) {
        self.inbox = inbox
        self.interval = interval
        self.clock = clock
    }

    /// Shows `text` unless `subject` ("webhook \"shop\"") was shown less than `interval` ago; true when posted.
    @discardableResult
    public func report(_ subject: String, _ text: String, _ kind: Notice.Kind = .error) -> Bool {
        let now = clock()
        let post = lock.withLock {
            if let last = shown[subject], now.timeIntervalSince(last) < interval { return false }
            shown[subject] = now
            return true
        }
        if post { inbox?.post(.notice(Notice(text, kind))) }
        return post
    }

    /// `subject` works again: says so once when a problem with it was shown, and lets its next failure through at once.
    public func recovered(_ subject: String, _ text: String) {
        let wasShown = lock.withLock { shown.removeValue(forKey: subject) != nil }
        if wasShown { inbox?.post(.notice(Notice(text, .success))) }
    }
}
