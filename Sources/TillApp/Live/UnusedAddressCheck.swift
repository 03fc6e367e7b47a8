import Foundation
import TillChain

/// What the chain says about an address the till would like to hand out again.
public enum AddressUsage: Sendable, Hashable {
    /// Provably never received anything: safe to reuse.
    case unused
    /// The chain shows funds: never hand it out again (the store marks it funded).
    case funded(reason: String)
    /// Cannot tell (backend down, call unsupported): not reused, and not marked funded either.
    case unknown(reason: String)
}

/// Asks a coin's backend about one address. Called outside any database transaction; may take a network round trip.
public protocol UnusedAddressCheck: Sendable {
    func usage(of address: String) async -> AddressUsage
}

/// A Bitcoin-style node: `scantxoutset` finds no unspent output for the address. The till's own watch log (a
/// store rule for candidates) covers the time the sale was open; the scan covers what confirmed since.
public struct NodeUnusedAddressCheck: UnusedAddressCheck {
    let backend: BitcoinRPCBackend

    public init(backend: BitcoinRPCBackend) { self.backend = backend }

    public func usage(of address: String) async -> AddressUsage {
        do {
            let unspent = try await backend.unspentOutputCount(address: address)
            return unspent == 0 ? .unused : .funded(reason: "\(backend.name) holds \(unspent) unspent output(s) for it")
        } catch {
            if case .rpcError(_, _, BitcoinRPCBackend.methodNotFound, _) = error {
                return .unknown(reason: "\(backend.name) has no scantxoutset (Bitcoin SV and older nodes), so it cannot prove an address unused")
            }
            return .unknown(reason: error.message)
        }
    }
}

/// Esplora: neither a confirmed nor a mempool transaction touches the address.
public struct EsploraUnusedAddressCheck: UnusedAddressCheck {
    let client: EsploraClient

    public init(client: EsploraClient) { self.client = client }

    public func usage(of address: String) async -> AddressUsage {
        do {
            return try await client.hasNoTransactions(address) ? .unused : .funded(reason: "\(client.name) lists transactions for it")
        } catch {
            return .unknown(reason: error.message)
        }
    }
}
