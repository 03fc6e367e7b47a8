import Foundation
import TillUI

extension ManagerService {
    /// Performs the report tab's effects.
    func performReport(_ effect: ReportTabEffect) -> [ReportTabEvent] {
        switch effect {
        case .refresh: return []
        }
    }
}
