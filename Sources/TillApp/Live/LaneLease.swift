import Foundation
import TillStore
import TillUI

/// A lane of a shared ledger keeps its lease, adopts the sales of stopped lanes, and says when the ledger is offline.
///
/// It runs on its own thread because the store's calls block (PostgreSQL round trips, a dead server's timeout):
/// never on the cooperative pool the quotes and watchers share, never on the runner's loop that draws the screen.
/// Every `probeInterval` it asks whether the server answers: the status bar says LEDGER OFFLINE at the first miss,
/// and the alert goes at the first answer after it (so a returning server is noticed within a few seconds, even at
/// a till nobody touches). Every `renewInterval` it renews the lease and adopts: with the lease at 45 s, another
/// lane's sales are adopted at most 45 + `renewInterval` seconds after its last heartbeat.
final class LaneLease: @unchecked Sendable {
    let store: any LedgerStore
    let inbox: Inbox
    let log: FileLog
    let probeInterval: TimeInterval
    let renewInterval: TimeInterval
    private let lock = NSLock()
    /// Sales adopted from stopped lanes and still watched here.
    private var adopted: Set<String> = []
    private var offline = false
    private var stopped = false

    init(store: any LedgerStore, inbox: Inbox, log: FileLog, probeInterval: TimeInterval = 1, renewInterval: TimeInterval = 10) {
        self.store = store
        self.inbox = inbox
        self.log = log
        self.probeInterval = probeInterval
        self.renewInterval = renewInterval
    }

    /// At start, before the runner restores its sales: renews the lease (taking back this lane's own sales) and adopts
    /// the stopped lanes' sales, so `openSales()` then returns all of them and they are restored like any other.
    /// Returns where each coin's watcher must read the chain again for the adopted sales.
    func takeOverAtStart(at now: Date) throws -> [String: Int] {
        let takenBack = try store.renewLease(at: now)
        if !takenBack.isEmpty { log.info("took back \(takenBack.count) sale(s) watched by another lane while this one was stopped: \(takenBack.joined(separator: ", "))") }
        let adoption = try store.adoptOrphanedSales(at: now)
        if !adoption.isEmpty { logAdoption(adoption) }
        lock.withLock { adopted.formUnion(adoption.sales.map(\.id)) }
        // With what earlier adoptions still owe: this lane may have been killed before its watchers saved the
        // moved-back cursor of one (the store keeps each until no adopted sale is watched here).
        return adoption.rescanFrom.merging(try store.pendingRescans(), uniquingKeysWith: min)
    }

    private func logAdoption(_ adoption: Adoption) {
        let heights = adoption.rescanFrom.sorted { $0.key < $1.key }.map { "\($0.key) from block \($0.value)" }
        log.info("adopted \(adoption.sales.count) sale(s) of stopped lanes: \(adoption.sales.map(\.id).joined(separator: ", "))"
                 + (heights.isEmpty ? "" : "; reading the chain again: \(heights.joined(separator: ", "))"))
    }

    func start() {
        let thread = Thread { [self] in loop() }
        thread.name = "till.lane-lease"
        thread.start()
    }

    func stop() { lock.withLock { stopped = true } }

    private func loop() {
        var nextRenewal = Date().addingTimeInterval(renewInterval)
        while !lock.withLock({ stopped }) {
            let reachable = store.isReachable()
            let wasOffline = lock.withLock { () -> Bool in defer { offline = !reachable }; return offline }
            if !reachable, !wasOffline {
                let failure = StorageFailure(kind: .unreachable, detail: store.ledgerDescription)
                log.error("the shop's ledger cannot be reached: \(failure)")
                inbox.post(.storage(StorageAlert(failure)))
            } else if reachable, wasOffline {
                log.info("the shop's ledger answers again")
                inbox.post(.storage(nil))
                nextRenewal = .distantPast
            }
            if reachable, Date() >= nextRenewal {
                renewAndAdopt(at: Date())
                nextRenewal = Date().addingTimeInterval(renewInterval)
            }
            Thread.sleep(forTimeInterval: probeInterval)
        }
    }

    /// One pass: the heartbeat, then adoption; adopted sales that went back to their own lane are let go.
    func renewAndAdopt(at now: Date) {
        do {
            _ = try store.renewLease(at: now)
            let adoption = try store.adoptOrphanedSales(at: now)
            if !adoption.isEmpty {
                logAdoption(adoption)
                lock.withLock { adopted.formUnion(adoption.sales.map(\.id)) }
                inbox.post(.adoptedSales(adoption.sales, rescanFrom: adoption.rescanFrom))
            }
            let mine = lock.withLock { adopted }
            guard !mine.isEmpty else { return }
            let watched = Set(try store.openSales(at: now).map(\.id) + store.reorgWatchedSales().map(\.id))
            let gone = mine.subtracting(watched).sorted()
            guard !gone.isEmpty else { return }
            lock.withLock { adopted.subtract(gone) }
            // Gone from this lane's list: finished here (nothing to do), or still watched, by its own lane again.
            let released = try gone.filter { try store.sale(id: $0)?.watching == true }
            guard !released.isEmpty else { return }
            log.info("\(released.count) adopted sale(s) no longer watched here: \(released.joined(separator: ", "))")
            inbox.post(.releasedSales(released))
        } catch {
            log.error("could not renew this lane's lease: \(StorageFailure(error))")
        }
    }
}
