import Foundation
import TillCore

/// A dialog of the exceptions tab: the typed inputs of one action on one sale. It takes every key while open.
public struct ExceptionDialog: Hashable, Sendable {
    /// Which field of the refund dialog has the cursor.
    public enum Field: Hashable, Sendable { case reason, txid, amount }

    /// What pressing a key in the dialog led to.
    public enum Outcome: Hashable, Sendable {
        case editing
        case cancelled
        case submit(ExceptionsTabEffect)
    }

    public let action: ExceptionRowAction
    public let saleID: String
    /// The sale's coin (refunds are typed in its units).
    public let asset: Asset?
    public var reason = TextField(limit: 200)
    public var txid = TextField(limit: 100, allowed: .hex)
    public var amount = TextField(limit: 40, allowed: .decimal)
    public var focus: Field
    /// Why the last submit was refused (by the dialog or by the service).
    public var error: String?

    public init(action: ExceptionRowAction, saleID: String, asset: Asset?) {
        self.action = action
        self.saleID = saleID
        self.asset = asset
        focus = action == .recordRefund ? .txid : .reason
    }

    public var title: String {
        switch action {
        case .acceptAsPaid: "Accept \(saleID) as paid"
        case .recordRefund: "Record a refund of \(saleID)"
        case .void: "Void \(saleID)"
        }
    }

    /// Applies a key: Tab/↑/↓ move between the refund's fields, Enter submits (or moves on from the txid), Esc cancels.
    public mutating func apply(_ key: Key) -> Outcome {
        if action == .recordRefund, [.tab, .backTab, .up, .down].contains(key) {
            focus = focus == .txid ? .amount : .txid
            return .editing
        }
        let outcome: TextField.Outcome
        switch focus {
        case .reason: outcome = reason.apply(key)
        case .txid: outcome = txid.apply(key)
        case .amount: outcome = amount.apply(key)
        }
        switch outcome {
        case .cancelled: return .cancelled
        case .edited:
            error = nil
            return .editing
        case .ignored: return .editing
        case .submitted:
            if focus == .txid && amount.text.isEmpty {
                focus = .amount
                return .editing
            }
            return submit()
        }
    }

    /// The effect the dialog's inputs make, or the reason it cannot be made yet (kept in `error`).
    mutating func submit() -> Outcome {
        switch validated() {
        case .success(let effect):
            error = nil
            return .submit(effect)
        case .failure(let problem):
            error = problem.message
            return .editing
        }
    }

    /// The inputs checked: a reason that is not blank; a txid without spaces and an exact amount above zero.
    public func validated() -> Result<ExceptionsTabEffect, DialogProblem> {
        switch action {
        case .acceptAsPaid, .void:
            let text = reason.text.trimmingCharacters(in: .whitespaces)
            guard !text.isEmpty else { return .failure(DialogProblem("a reason is required")) }
            return .success(action == .void ? .void(saleID: saleID, reason: text) : .accept(saleID: saleID, reason: text))
        case .recordRefund:
            guard let asset else { return .failure(DialogProblem("the sale's coin is not configured here")) }
            let id = txid.text.trimmingCharacters(in: .whitespaces)
            guard !id.isEmpty else { return .failure(DialogProblem("the refund's transaction id is required")) }
            return Self.parseAmount(amount.text, asset: asset).map { .refund(saleID: saleID, txid: id, amount: $0) }
        }
    }

    /// Parses a refund amount typed in coin units ("0.00012") exactly into base units; above zero, at most
    /// the coin's decimals.
    public static func parseAmount(_ text: String, asset: Asset) -> Result<CoinAmount, DialogProblem> {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { return .failure(DialogProblem("the amount in \(asset.symbol) is required")) }
        do {
            let amount = try CoinAmount(parsing: trimmed, asset: asset)
            guard amount.units > 0 else { return .failure(DialogProblem("the amount must be above zero")) }
            return .success(amount)
        } catch {
            return .failure(DialogProblem("amount: \(error.message)"))
        }
    }
}

/// Why a dialog's input cannot be used; `message` is shown in the dialog.
public struct DialogProblem: Error, Hashable, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
}
