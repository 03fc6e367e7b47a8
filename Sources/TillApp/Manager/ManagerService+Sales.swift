import Foundation
import TillUI

extension ManagerService {
    /// Performs the sales tab's effects.
    func performSales(_ effect: SalesTabEffect) -> [SalesTabEvent] {
        switch effect {
        case .refresh: return []
        }
    }
}
