import TillHTTP
import BigInt

/// Reads JSON-RPC results into typed values; any shape error is `EthereumRPCError.malformed` naming the field.
struct EthereumDecoder {
    let endpoint: String
    let method: String

    func fail(_ reason: String) -> EthereumRPCError { .malformed(endpoint: endpoint, method: method, reason: reason) }

    func string(_ value: JSONValue?, _ field: String) throws(EthereumRPCError) -> String {
        guard let text = value?.stringValue else { throw fail("\(field) is missing or not a string") }
        return text
    }

    func quantity(_ value: JSONValue?, _ field: String) throws(EthereumRPCError) -> BigUInt {
        let text = try string(value, field)
        guard let number = EthereumHex.quantity(text) else { throw fail("\(field) \"\(text.prefix(30))\" is not a hex quantity") }
        return number
    }

    func int(_ value: JSONValue?, _ field: String) throws(EthereumRPCError) -> Int {
        let text = try string(value, field)
        guard let number = EthereumHex.int(text) else { throw fail("\(field) \"\(text.prefix(30))\" is not a hex number") }
        return number
    }

    func hash(_ value: JSONValue?, _ field: String) throws(EthereumRPCError) -> String {
        let text = try string(value, field)
        guard EthereumHex.isHash(text) else { throw fail("\(field) \"\(text.prefix(30))\" is not a 32-byte hash") }
        return text.lowercased()
    }

    func address(_ value: JSONValue?, _ field: String) throws(EthereumRPCError) -> String {
        let text = try string(value, field)
        guard let address = EthereumHex.normalizedAddress(text) else { throw fail("\(field) \"\(text.prefix(50))\" is not an address") }
        return address
    }

    func block(_ value: JSONValue) throws(EthereumRPCError) -> EthereumBlock {
        guard value.objectValue != nil else { throw fail("expected a block object, got \(value.text.prefix(40))") }
        var transactions: [EthereumTransaction] = []
        for item in value["transactions"]?.arrayValue ?? [] where item.objectValue != nil {
            // A contract creation has no recipient: null from geth, "" from eth-tester.
            let to = item["to"].flatMap { $0.isNull || $0.stringValue == "" ? nil : $0 }
            transactions.append(EthereumTransaction(hash: try hash(item["hash"], "transactions[].hash"),
                                                    from: try address(item["from"], "transactions[].from"),
                                                    to: try to.map { v throws(EthereumRPCError) in try address(v, "transactions[].to") },
                                                    value: try quantity(item["value"], "transactions[].value")))
        }
        return EthereumBlock(number: try int(value["number"], "number"), hash: try hash(value["hash"], "hash"),
                             parentHash: try hash(value["parentHash"], "parentHash"), transactions: transactions)
    }

    /// A Transfer log, or nil when the log is not a standard Transfer (wrong topics, non-word data).
    func transferLog(_ value: JSONValue) throws(EthereumRPCError) -> EthereumTransferLog? {
        guard let topics = value["topics"]?.arrayValue?.compactMap(\.stringValue) else { throw fail("log without topics") }
        guard topics.count == 3, topics[0].lowercased() == EthereumHex.transferTopic,
              let from = EthereumHex.address(fromTopic: topics[1]), let to = EthereumHex.address(fromTopic: topics[2]),
              let amount = EthereumHex.decodeUInt256(try string(value["data"], "data"))
        else { return nil }
        return EthereumTransferLog(contract: try address(value["address"], "address"), from: from, to: to, amount: amount,
                                   transactionHash: try hash(value["transactionHash"], "transactionHash"),
                                   logIndex: try int(value["logIndex"], "logIndex"),
                                   blockNumber: try int(value["blockNumber"], "blockNumber"),
                                   blockHash: try hash(value["blockHash"], "blockHash"),
                                   removed: value["removed"]?.boolValue ?? false)
    }
}
