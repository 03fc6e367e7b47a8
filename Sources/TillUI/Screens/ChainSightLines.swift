import TillCore

/// What the payment panel says while the till cannot see the sale's chain: the cashier must know that "waiting"
/// means "cannot look", and an expired quote must never claim that nothing arrived when nobody could check.
enum ChainSight {
    /// The sale's coin backend, when it is offline.
    static func offlineReason(_ model: TillModel) -> String? {
        if case .offline(let reason, _) = model.saleCoin?.backend { return reason }
        return nil
    }

    /// The line for an expired sale with no payment: nothing received, or could not check.
    static func expiredLine(_ model: TillModel) -> (text: String, role: ColorRole) {
        guard offlineReason(model) != nil else { return ("EXPIRED: nothing was received", .warning) }
        return ("EXPIRED: the chain could not be checked (\(symbol(model)) offline); payments are still being looked for", .error)
    }

    /// A warning for a sale still waiting on the chain while its backend is offline, else nil.
    static func waitingWarning(_ model: TillModel) -> String? {
        guard let reason = offlineReason(model) else { return nil }
        return "\(symbol(model)) OFFLINE: the till cannot see the chain (\(reason))"
    }

    private static func symbol(_ model: TillModel) -> String { model.saleCoin?.asset.symbol ?? "coin" }
}
