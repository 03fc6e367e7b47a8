import Foundation
import TillCore
import TillHTTP

/// Where a transaction stands: in the mempool (`confirmed == false`) or in a block.
public struct EsploraTxStatus: Sendable, Hashable {
    public let confirmed: Bool
    public let blockHeight: Int?
    public let blockHash: String?
    /// Block header time, Unix seconds.
    public let blockTime: Int?

    public init(confirmed: Bool, blockHeight: Int?, blockHash: String?, blockTime: Int?) {
        self.confirmed = confirmed
        self.blockHeight = blockHeight
        self.blockHash = blockHash
        self.blockTime = blockTime
    }

    /// `tip − height + 1` when confirmed, else 0.
    public func confirmations(tipHeight: Int) -> Int {
        guard confirmed, let blockHeight, tipHeight >= blockHeight else { return 0 }
        return tipHeight - blockHeight + 1
    }
}

/// An output: match it to a sale by `scriptPubKey` bytes, not by the optional address text.
public struct EsploraOutput: Sendable, Hashable {
    public let index: Int
    public let scriptPubKey: [UInt8]
    /// Satoshis.
    public let value: UInt64
    /// Esplora's `scriptpubkey_address`, when it gives one (informational only).
    public let address: String?
}

/// An input's previous output (what it spends); two transactions spending the same one conflict.
public struct EsploraInput: Sendable, Hashable {
    public let previousTxid: String
    public let previousIndex: UInt32
    public let sequence: UInt32
    public let isCoinbase: Bool
}

/// A transaction as Esplora returns it, reduced to what payment detection needs.
public struct EsploraTransaction: Sendable, Hashable {
    public let txid: String
    public let inputs: [EsploraInput]
    public let outputs: [EsploraOutput]
    /// Satoshis, when given.
    public let fee: UInt64?
    public let status: EsploraTxStatus

    /// BIP 125: an input with nSequence below 0xfffffffe signals replace-by-fee.
    public var signalsReplaceByFee: Bool { inputs.contains { !$0.isCoinbase && $0.sequence < 0xFFFF_FFFE } }

    /// Outputs paying exactly `scriptPubKey`.
    public func outputs(paying scriptPubKey: [UInt8]) -> [EsploraOutput] { outputs.filter { $0.scriptPubKey == scriptPubKey } }
}

/// Reads Esplora JSON (Blockstream/esplora `API.md`) into the types above; every gap is a typed reason.
struct EsploraDecoder {
    let endpoint: String

    func fail(_ reason: String) -> EsploraError { .malformed(endpoint: endpoint, reason: reason) }

    func transactions(_ json: JSONValue) throws(EsploraError) -> [EsploraTransaction] {
        guard let items = json.arrayValue else { throw fail("expected an array of transactions, got \(json.text.prefix(60))") }
        var result: [EsploraTransaction] = []
        for (index, item) in items.enumerated() { result.append(try transaction(item, at: "[\(index)]")) }
        return result
    }

    func transaction(_ json: JSONValue, at path: String = "") throws(EsploraError) -> EsploraTransaction {
        let txid = try hash(json["txid"], field: "\(path).txid")
        guard let vin = json["vin"]?.arrayValue else { throw fail("\(path).vin is missing") }
        guard let vout = json["vout"]?.arrayValue else { throw fail("\(path).vout is missing") }
        var inputs: [EsploraInput] = []
        for (index, input) in vin.enumerated() {
            let field = "\(path).vin[\(index)]"
            let coinbase = input["is_coinbase"]?.boolValue ?? false
            inputs.append(EsploraInput(
                previousTxid: coinbase ? String(repeating: "0", count: 64) : try hash(input["txid"], field: "\(field).txid"),
                previousIndex: UInt32(try integer(input["vout"], field: "\(field).vout", max: Int(UInt32.max))),
                sequence: UInt32(try integer(input["sequence"], field: "\(field).sequence", max: Int(UInt32.max))),
                isCoinbase: coinbase))
        }
        var outputs: [EsploraOutput] = []
        for (index, output) in vout.enumerated() {
            let field = "\(path).vout[\(index)]"
            guard let hex = output["scriptpubkey"]?.stringValue, let script = Hex.decode(hex) else {
                throw fail("\(field).scriptpubkey is not hex")
            }
            outputs.append(EsploraOutput(index: index, scriptPubKey: script,
                                         value: UInt64(try integer(output["value"], field: "\(field).value", max: Int.max)),
                                         address: output["scriptpubkey_address"]?.stringValue))
        }
        let fee = try json["fee"].map { value throws(EsploraError) in UInt64(try integer(value, field: "\(path).fee", max: Int.max)) }
        guard let status = json["status"] else { throw fail("\(path).status is missing") }
        return EsploraTransaction(txid: txid, inputs: inputs, outputs: outputs, fee: fee,
                                  status: try self.status(status, at: "\(path).status"))
    }

    func status(_ json: JSONValue, at path: String = "") throws(EsploraError) -> EsploraTxStatus {
        guard let confirmed = json["confirmed"]?.boolValue else { throw fail("\(path).confirmed is missing or not true/false") }
        guard confirmed else { return EsploraTxStatus(confirmed: false, blockHeight: nil, blockHash: nil, blockTime: nil) }
        return EsploraTxStatus(confirmed: true,
                               blockHeight: try integer(json["block_height"], field: "\(path).block_height", max: Int(Int32.max)),
                               blockHash: try hash(json["block_hash"], field: "\(path).block_hash"),
                               blockTime: try json["block_time"].map { v throws(EsploraError) in try integer(v, field: "\(path).block_time", max: Int.max) })
    }

    /// A 64-hex-digit hash (txid, block hash), lower-cased.
    func hash(_ value: JSONValue?, field: String) throws(EsploraError) -> String {
        guard let text = value?.stringValue, ChainHash.isValid(text) else { throw fail("\(field) is not a 64-digit hex hash") }
        return text.lowercased()
    }

    /// A non-negative integer literal (no fraction, no exponent) up to `max`.
    func integer(_ value: JSONValue?, field: String, max: Int) throws(EsploraError) -> Int {
        guard let value else { throw fail("\(field) is missing") }
        guard let number = value.intValue, number >= 0, number <= max else {
            throw fail("\(field) is \(value.text.prefix(40)), expected a whole number from 0 to \(max)")
        }
        return number
    }
}
