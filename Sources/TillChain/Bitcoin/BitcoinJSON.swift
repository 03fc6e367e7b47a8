import BigInt
import TillCore
import TillHTTP

/// Reads Bitcoin Core JSON (verbose transactions and blocks) into chain types, exactly.
enum BitcoinJSON {
    /// No output of any Bitcoin-style chain holds more (10^16 sats = 100 million coins; Litecoin's cap is 84 million).
    static let maxSats = BigUInt(10).power(16)

    /// A BTC amount as the node prints it ("49.8765548", "0.00001", "1e-05") in sats; nil when it is
    /// negative, has digits below one sat, is above `maxSats`, or is not a (bounded) number.
    static func sats(fromNumber text: String) -> BigUInt? {
        guard let number = JSONDecimal(text), !number.negative || number.isZero,
              let digits = BigUInt(number.digits, radix: 10) else { return nil }
        // value = digits × 10^exponent; sats = value × 10^8. The exponent is bounded, so this cannot overflow.
        let shift = 8 + number.exponent
        let sats: BigUInt
        if shift >= 0 {
            guard shift <= 17 else { return number.isZero ? 0 : nil }
            sats = digits * BigUInt(10).power(shift)
        } else {
            let (quotient, remainder) = digits.quotientAndRemainder(dividingBy: BigUInt(10).power(-shift))
            guard remainder == 0 else { return nil }
            sats = quotient
        }
        return sats <= maxSats ? sats : nil
    }

    /// A verbose transaction object (`getrawtransaction <txid> 1`, or an entry of `getblock <hash> 2`).
    /// Outputs are read by their script bytes, never by the optional `address` fields.
    static func transaction(_ json: JSONValue) throws(BitcoinJSONError) -> ChainTransaction {
        guard let txid = json["txid"]?.stringValue, ChainHash.isValid(txid) else { throw .init("transaction without a txid (64 hex digits)") }
        guard let vin = json["vin"]?.arrayValue, let vout = json["vout"]?.arrayValue
        else { throw .init("transaction \(txid) without vin/vout") }
        var inputs: [OutPoint] = []
        var replaceable = false
        for input in vin {
            if let sequence = input["sequence"]?.numberText.flatMap({ UInt64($0) }), sequence < 0xFFFF_FFFE {
                replaceable = true
            }
            if input["coinbase"] != nil { continue }
            guard let spent = input["txid"]?.stringValue, ChainHash.isValid(spent), let index = input["vout"]?.intValue, index >= 0
            else { throw .init("transaction \(txid) has an input without txid/vout") }
            inputs.append(OutPoint(txid: spent, vout: index))
        }
        var outputs: [ChainOutput] = []
        for output in vout {
            guard let n = output["n"]?.intValue, n >= 0 else { throw .init("transaction \(txid) has an output without n") }
            guard let valueText = output["value"]?.numberText, let units = sats(fromNumber: valueText)
            else { throw .init("transaction \(txid) output \(n) has no exact value") }
            guard let hex = output["scriptPubKey"]?["hex"]?.stringValue, let script = Hex.decode(hex)
            else { throw .init("transaction \(txid) output \(n) has no scriptPubKey hex") }
            outputs.append(ChainOutput(index: n, scriptPubKey: script, units: units))
        }
        return ChainTransaction(txid: txid, inputs: inputs, outputs: outputs, replaceable: replaceable)
    }

    /// A `getblock <hash> 2` object.
    static func block(_ json: JSONValue) throws(BitcoinJSONError) -> ChainBlock {
        guard let hash = json["hash"]?.stringValue, ChainHash.isValid(hash), let height = json["height"]?.intValue, height >= 0,
              let txs = json["tx"]?.arrayValue else { throw .init("block without hash, height or tx list") }
        let previous = json["previousblockhash"]?.stringValue
        if let previous, !ChainHash.isValid(previous) { throw .init("block \(hash) has a previousblockhash that is not 64 hex digits") }
        var transactions: [ChainTransaction] = []
        transactions.reserveCapacity(txs.count)
        for tx in txs {
            // Verbosity 1 would give bare txids; the watcher needs whole transactions.
            guard tx.objectValue != nil else { throw .init("block \(hash) lists txids, not transactions (verbosity 2 needed)") }
            transactions.append(try transaction(tx))
        }
        return ChainBlock(hash: hash, height: height, previousHash: previous,
                          transactions: transactions)
    }
}

/// A node's JSON did not have the expected shape.
struct BitcoinJSONError: Error {
    let reason: String
    init(_ reason: String) { self.reason = reason }
}
