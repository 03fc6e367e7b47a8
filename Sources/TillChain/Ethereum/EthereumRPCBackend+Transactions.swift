import BigInt
import Foundation

/// A transaction as `eth_getTransactionByHash` describes it: who sent it with which nonce, and its block if mined.
public struct EthereumTransactionStatus: Sendable, Hashable {
    public let hash: String
    public let from: String
    public let nonce: BigUInt
    /// Nil while the transaction is pending.
    public let blockNumber: Int?
    public let blockHash: String?
}

extension EthereumRPCBackend {
    /// `eth_getTransactionByHash` for each hash, in one batch; a transaction the node does not know is absent.
    public func transactionStatuses(_ hashes: [String]) async throws(EthereumRPCError) -> [String: EthereumTransactionStatus] {
        let values = try await client.batch(hashes.map { EthereumRPCCall("eth_getTransactionByHash", [.string($0)]) })
        let decoder = EthereumDecoder(endpoint: client.endpoint, method: "eth_getTransactionByHash")
        var found: [String: EthereumTransactionStatus] = [:]
        for (hash, value) in zip(hashes, values) where !value.isNull {
            let blockNumber = value["blockNumber"].flatMap { $0.isNull ? nil : $0 }
            let blockHash = value["blockHash"].flatMap { $0.isNull ? nil : $0 }
            found[hash] = EthereumTransactionStatus(
                hash: hash, from: try decoder.address(value["from"], "from"), nonce: try decoder.quantity(value["nonce"], "nonce"),
                blockNumber: try blockNumber.map { v throws(EthereumRPCError) in try decoder.int(v, "blockNumber") },
                blockHash: try blockHash.map { v throws(EthereumRPCError) in try decoder.hash(v, "blockHash") })
        }
        return found
    }

    /// `eth_getTransactionCount(address, "latest")` for each address, in one batch: the nonce its next mined
    /// transaction will carry, so a pending transaction with a lower nonce can never be mined.
    public func minedNonces(_ addresses: [String]) async throws(EthereumRPCError) -> [BigUInt] {
        let values = try await client.batch(addresses.map {
            EthereumRPCCall("eth_getTransactionCount", [.string($0), EthereumBlockTag.latest.json])
        })
        let decoder = EthereumDecoder(endpoint: client.endpoint, method: "eth_getTransactionCount")
        var nonces: [BigUInt] = []
        for value in values { nonces.append(try decoder.quantity(value, "result")) }
        return nonces
    }
}
