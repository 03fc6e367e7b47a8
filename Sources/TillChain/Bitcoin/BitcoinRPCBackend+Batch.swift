import TillHTTP
import Foundation

extension BitcoinRPCBackend {
    /// Largest number of calls sent in one JSON-RPC batch (a verbose transaction is a few kB; 100 stay small).
    static let batchSize = 100

    /// Many transactions in JSON-RPC batches (one HTTP request per `batchSize`), in the order asked; nil for
    /// txids the node does not know. One sequential `getrawtransaction` per new mempool txid cost about 14 ms each,
    /// so a thousand unrelated transactions delayed detection by 14 s.
    public func transactions(txids: [String]) async throws(ChainBackendError) -> [ChainTransaction?] {
        var found: [ChainTransaction?] = []
        found.reserveCapacity(txids.count)
        var start = 0
        while start < txids.count {
            let chunk = Array(txids[start..<min(start + Self.batchSize, txids.count)])
            let calls = chunk.map { ("getrawtransaction", [JSONValue.string($0), .number("1")]) }
            let answers = try await batch(calls)
            for answer in answers {
                switch answer {
                case .success(let result):
                    do { found.append(try BitcoinJSON.transaction(result)) } catch {
                        throw .garbage(backend: name, method: "getrawtransaction", reason: error.reason)
                    }
                case .failure(let error):
                    // -5: "No such mempool or blockchain transaction" — gone since the mempool was listed.
                    if case .rpcError(_, _, -5, _) = error { found.append(nil) } else { throw error }
                }
            }
            start += chunk.count
        }
        return found
    }
}

extension ChainBackend {
    /// Default: one `transaction(txid:)` after another (Esplora, test doubles).
    public func transactions(txids: [String]) async throws(ChainBackendError) -> [ChainTransaction?] {
        var found: [ChainTransaction?] = []
        for txid in txids { found.append(try await transaction(txid: txid)) }
        return found
    }
}
