import Foundation
import TillUI

extension ManagerService {
    /// Performs the deliveries tab's effects.
    func performDeliveries(_ effect: DeliveriesTabEffect) -> [DeliveriesTabEvent] {
        switch effect {
        case .refresh: return []
        }
    }
}
