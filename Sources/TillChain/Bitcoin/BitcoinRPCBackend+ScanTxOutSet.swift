import Foundation

/// The UTXO-set scan, used to prove a closed sale's address unused before the till hands it out again.
extension BitcoinRPCBackend {
    /// JSON-RPC code of "Method not found": the node has no such call (Bitcoin SV 1.0.13 has no `scantxoutset`).
    public static let methodNotFound = -32601

    /// `scantxoutset start ["addr(<address>)"]`: how many unspent outputs pay `address` in the node's UTXO set.
    /// Confirmed outputs only (the scan skips the mempool). A node without the call throws `.rpcError` with
    /// `methodNotFound`.
    public func unspentOutputCount(address: String) async throws(ChainBackendError) -> Int {
        let result = try await call("scantxoutset", [.string("start"), .array([.string("addr(\(address))")])])
        // An aborted or still-running scan answers success false: that proves nothing.
        guard result["success"]?.boolValue == true else {
            throw .garbage(backend: name, method: "scantxoutset", reason: "the scan did not complete")
        }
        guard let unspents = result["unspents"]?.arrayValue else {
            throw .garbage(backend: name, method: "scantxoutset", reason: "no unspents list")
        }
        return unspents.count
    }
}
