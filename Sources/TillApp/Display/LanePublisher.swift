import Foundation
import TillCore
import TillStore
import TillUI

/// Publishes what `till display` follows (shop, cart, the sale on screen) into the store, one small write when it
/// changed and only then: every cart change while building, and each new sale on screen.
public final class LanePublisher {
    private let store: any LedgerStore
    private let log: FileLog
    private var last: LaneSnapshot?

    public init(store: any LedgerStore, log: FileLog) {
        self.store = store
        self.log = log
    }

    /// The snapshot a model shows.
    public static func snapshot(of model: TillModel) -> LaneSnapshot {
        LaneSnapshot(shopName: model.shop.name, training: model.training, cart: model.cart, saleID: model.sale?.id)
    }

    /// Writes the model's snapshot when it differs from the last one written (a failed write is retried next time).
    public func publish(_ model: TillModel) {
        let snapshot = Self.snapshot(of: model)
        guard snapshot != last else { return }
        do {
            try store.publishLane(snapshot, at: model.now)
            last = snapshot
        } catch {
            log.error("could not publish the customer display: \(error)")
        }
    }
}
