import Foundation
import TillCore

/// Why a manager operation was refused; `message` says what to do.
public enum ManagerError: Error, UserFacingError, Sendable, Equatable, CustomStringConvertible {
    case invalidPIN
    case invalidName(String)
    case userExists(String)
    case unknownUser(String)
    /// Wrong PIN (`attemptsLeft` before the account locks).
    case wrongPIN(user: String, attemptsLeft: Int)
    case locked(user: String, until: Date)
    case notAllowed(user: String, permission: Permission)
    case notAManager(String)
    case saleNotFound(String)
    /// The sale's state machine refused the action.
    case refused(saleID: String, reason: String)
    case reasonRequired
    case invalidRefund(String)
    case invalidDay(String)
    case dayAlreadyClosed(day: String)

    public var message: String {
        switch self {
        case .invalidPIN: return "a PIN is 4 to 8 digits (a manager's up to 12)"
        case .invalidName(let name):
            return "user name \"\(name)\": use 1 to 32 letters, digits, '.', '-' or '_'"
        case .userExists(let name): return "a user named \(name) already exists"
        case .unknownUser(let name): return "no user named \(name)"
        case .wrongPIN(let user, let left):
            return left > 0 ? "wrong PIN for \(user); \(left) attempts left before the account locks"
                            : "wrong PIN for \(user); the account is now locked"
        case .locked(let user, let until):
            return "\(user) is locked after wrong PINs until \(ISO8601DateFormatter().string(from: until))"
        case .notAllowed(let user, let permission):
            return "\(user) may not \(permission.rawValue): a manager PIN is needed"
        case .notAManager(let user): return "\(user) is not a manager"
        case .saleNotFound(let id): return "no sale with id \(id)"
        case .refused(let id, let reason): return "sale \(id): \(reason)"
        case .reasonRequired: return "a reason is required"
        case .invalidRefund(let why): return "refund: \(why)"
        case .invalidDay(let text): return "day \"\(text)\": expected YYYY-MM-DD"
        case .dayAlreadyClosed(let day): return "day \(day) is already closed; reprint its report instead"
        }
    }

    public var description: String { message }
}
