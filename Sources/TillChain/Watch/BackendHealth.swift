import Foundation

/// Online/offline bookkeeping shared by the watchers: one event per change of state (or of the offline reason),
/// offered again after the next poll when the sink could not record it.
struct BackendHealth: Sendable {
    private(set) var consecutiveFailures = 0
    private(set) var offlineSince: Date?
    private(set) var offlineReason: String?
    private var reportedOnline = false
    private var reportedOfflineReason: String?

    /// A poll succeeded: `.backendOnline` while that is not yet recorded.
    mutating func succeeded() -> ChainEvent? {
        consecutiveFailures = 0
        offlineSince = nil
        offlineReason = nil
        reportedOfflineReason = nil
        return reportedOnline ? nil : .backendOnline
    }

    /// A poll failed at `now`: the offline event to record when the reason is new.
    mutating func failed(_ reason: String, at now: Date) -> ChainEvent? {
        consecutiveFailures += 1
        let since = offlineSince ?? now
        offlineSince = since
        offlineReason = reason
        reportedOnline = false
        return reportedOfflineReason == reason ? nil : .backendOffline(reason: reason, since: since)
    }

    /// The sink recorded `event`.
    mutating func recorded(_ event: ChainEvent) {
        switch event {
        case .backendOnline: reportedOnline = true
        case .backendOffline(let reason, _): reportedOfflineReason = reason
        case .paymentSeen, .confirmationsChanged, .reorged, .vanished: break
        }
    }
}

extension BackendHealth {
    /// Capped exponential backoff: `pollInterval` doubled once per failure after the first, at most `maxBackoff`.
    func retryDelay(pollInterval: Duration, maxBackoff: Duration) -> Duration {
        let doublings = min(max(consecutiveFailures - 1, 0), 20)
        return min(pollInterval * (1 << doublings), maxBackoff)
    }
}

/// A watcher that reports its backend's health through its sink (node and Esplora watchers).
protocol HealthReporting: Actor {
    var health: BackendHealth { get set }
    var sink: any ChainEventSink { get }
}

extension HealthReporting {
    func reportOnline() async { await report(health.succeeded()) }

    func reportOffline(_ reason: String, at now: Date) async { await report(health.failed(reason, at: now)) }

    /// Records a health event; one the sink could not record is offered again after the next poll.
    private func report(_ event: ChainEvent?) async {
        guard let event else { return }
        if (try? await sink.record(event)) != nil { health.recorded(event) }
    }
}
