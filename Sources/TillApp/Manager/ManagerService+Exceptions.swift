import Foundation
import TillUI

extension ManagerService {
    /// Performs the exceptions tab's effects.
    func performExceptions(_ effect: ExceptionsTabEffect) -> [ExceptionsTabEvent] {
        switch effect {
        case .refresh: return []
        }
    }
}
