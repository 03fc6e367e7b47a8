import Foundation
import TillHTTP
import BigInt
import TillCore

/// Typed Ethereum JSON-RPC calls Till needs to watch payments; batched where one request can serve many.
public struct EthereumRPCBackend: Sendable {
    public let client: EthereumRPCClient
    /// The widest `eth_getLogs` block range sent in one call (providers cap it; geth does not by default).
    public let maxBlockSpan: Int

    public init(url: URL, maxBlockSpan: Int = 1_000, timeoutSeconds: Int = 10) {
        client = EthereumRPCClient(url: url, timeoutSeconds: timeoutSeconds)
        self.maxBlockSpan = max(1, maxBlockSpan)
    }

    private func decoder(_ method: String) -> EthereumDecoder { EthereumDecoder(endpoint: client.endpoint, method: method) }

    /// `eth_chainId`.
    public func chainID() async throws(EthereumRPCError) -> UInt64 {
        let id = try decoder("eth_chainId").quantity(try await client.call("eth_chainId"), "result")
        guard id <= BigUInt(UInt64.max) else { throw decoder("eth_chainId").fail("chain id \(id) is too large") }
        return UInt64(id)
    }

    /// Throws `.wrongChain` unless the node serves `expected`.
    public func requireChain(_ expected: UInt64) async throws(EthereumRPCError) {
        let actual = try await chainID()
        guard actual == expected else { throw .wrongChain(endpoint: client.endpoint, expected: expected, actual: actual) }
    }

    /// `eth_blockNumber`.
    public func blockNumber() async throws(EthereumRPCError) -> Int {
        try decoder("eth_blockNumber").int(try await client.call("eth_blockNumber"), "result")
    }

    /// `eth_getBlockByNumber(tag, full)`; nil when the node has no such block.
    public func block(_ tag: EthereumBlockTag, full: Bool = false) async throws(EthereumRPCError) -> EthereumBlock? {
        let value = try await client.call("eth_getBlockByNumber", [tag.json, .bool(full)])
        return value.isNull ? nil : try decoder("eth_getBlockByNumber").block(value)
    }

    /// Several blocks in one batch; a block the node lacks is an error (it was announced by eth_blockNumber).
    public func blocks(_ numbers: [Int], full: Bool) async throws(EthereumRPCError) -> [EthereumBlock] {
        let calls = numbers.map { EthereumRPCCall("eth_getBlockByNumber", [EthereumBlockTag.number($0).json, .bool(full)]) }
        let values = try await client.batch(calls)
        var blocks: [EthereumBlock] = []
        for (number, value) in zip(numbers, values) {
            guard !value.isNull else { throw decoder("eth_getBlockByNumber").fail("block \(number) is missing") }
            blocks.append(try decoder("eth_getBlockByNumber").block(value))
        }
        return blocks
    }

    /// Transfer logs of `contract` to any of `recipients` in `from...to`: one `eth_getLogs` per `maxBlockSpan`
    /// blocks whatever the number of recipients (topic 2 is an OR list). Logs of other contracts are dropped
    /// even if a node returned them: only the configured contract's logs may ever count.
    public func transferLogs(contract: String, recipients: [String], from: Int, to: Int) async throws(EthereumRPCError) -> [EthereumTransferLog] {
        guard let contract = EthereumHex.normalizedAddress(contract) else { throw .invalidArgument("\(contract) is not a contract address") }
        guard !recipients.isEmpty, from <= to else { return [] }
        let topics = JSONValue.array(recipients.map { .string(EthereumHex.addressTopic($0)) })
        var logs: [EthereumTransferLog] = []
        var start = from
        while start <= to {
            let end = min(to, start + maxBlockSpan - 1)
            let filter = JSONValue.object([
                "fromBlock": .string(EthereumHex.quantityText(start)), "toBlock": .string(EthereumHex.quantityText(end)),
                "address": .string(contract), "topics": .array([.string(EthereumHex.transferTopic), .null, topics]),
            ])
            let value = try await client.call("eth_getLogs", [filter])
            guard let items = value.arrayValue else { throw decoder("eth_getLogs").fail("expected an array of logs") }
            for item in items {
                if let log = try decoder("eth_getLogs").transferLog(item), log.contract == contract { logs.append(log) }
            }
            start = end + 1
        }
        return logs
    }

    /// Receipt status per transaction hash (one batch): true for status 0x1, false for 0x0; a missing receipt
    /// (not mined, or reorged away) is absent from the result.
    public func receiptSucceeded(_ hashes: [String]) async throws(EthereumRPCError) -> [String: Bool] {
        let values = try await client.batch(hashes.map { EthereumRPCCall("eth_getTransactionReceipt", [.string($0)]) })
        var statuses: [String: Bool] = [:]
        for (hash, value) in zip(hashes, values) where !value.isNull {
            statuses[hash] = try decoder("eth_getTransactionReceipt").quantity(value["status"], "status") == 1
        }
        return statuses
    }

    /// `eth_getBalance` for each (address, tag) query, in one batch (wei).
    public func balances(_ queries: [(address: String, tag: EthereumBlockTag)]) async throws(EthereumRPCError) -> [BigUInt] {
        let values = try await client.batch(queries.map { EthereumRPCCall("eth_getBalance", [.string($0.address), $0.tag.json]) })
        var result: [BigUInt] = []
        for value in values { result.append(try decoder("eth_getBalance").quantity(value, "result")) }
        return result
    }

    /// `balanceOf(owner)` of `contract` for each (owner, tag) query, in one batch (token base units).
    public func tokenBalances(contract: String, _ queries: [(owner: String, tag: EthereumBlockTag)]) async throws(EthereumRPCError) -> [BigUInt] {
        let calls = queries.map { query in
            EthereumRPCCall("eth_call", [.object(["to": .string(contract), "data": .string(EthereumHex.balanceOfCall(query.owner))]),
                                         query.tag.json])
        }
        let values = try await client.batch(calls)
        var result: [BigUInt] = []
        for value in values {
            let data = try decoder("eth_call balanceOf").string(value, "result")
            guard let amount = EthereumHex.decodeUInt256(data) else {
                throw decoder("eth_call balanceOf").fail("\"\(data.prefix(20))…\" is not a uint256 (is \(contract) an ERC-20 contract?)")
            }
            result.append(amount)
        }
        return result
    }

    /// Reads `decimals()` and `symbol()` in one batch.
    public func tokenInfo(contract: String) async throws(EthereumRPCError) -> EthereumTokenInfo {
        let call = { (selector: String) in
            EthereumRPCCall("eth_call", [.object(["to": .string(contract), "data": .string(selector)]), .string("latest")])
        }
        let values = try await client.batch([call(EthereumHex.decimalsSelector), call(EthereumHex.symbolSelector)])
        let decoder = decoder("eth_call decimals/symbol")
        guard let decimals = EthereumHex.decodeUInt256(try decoder.string(values[0], "decimals")), decimals <= 255 else {
            throw decoder.fail("decimals() of \(contract) is not a uint8 (is it an ERC-20 contract?)")
        }
        guard let symbol = EthereumHex.decodeString(try decoder.string(values[1], "symbol")) else {
            throw decoder.fail("symbol() of \(contract) is not an ABI string")
        }
        return EthereumTokenInfo(decimals: Int(decimals), symbol: symbol)
    }

    /// Refuses a token whose on-chain `decimals()`/`symbol()` disagree with the configured asset.
    public func verifyToken(_ asset: Asset) async throws(EthereumRPCError) {
        guard case .erc20(let contract, _) = asset.kind else { throw .invalidArgument("\(asset.id) is not an ERC-20 token") }
        let info = try await tokenInfo(contract: contract)
        guard info.decimals == asset.decimals else {
            throw .tokenMismatch(contract: contract, field: "decimals", configured: String(asset.decimals), onChain: String(info.decimals))
        }
        guard info.symbol == asset.symbol else {
            throw .tokenMismatch(contract: contract, field: "symbol", configured: asset.symbol, onChain: info.symbol)
        }
    }
}
