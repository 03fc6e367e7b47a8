import TillHTTP
import Foundation
import TillChain
import TillCore

/// Wallet and mining helpers; the node's own wallet builds and signs (SIGHASH_FORKID), so nothing here signs.
extension RegtestNode {
    public func newAddress() async throws -> String {
        guard let address = try await rpc.call("getnewaddress").stringValue else { throw RegtestError("getnewaddress: no text") }
        return address
    }

    /// The P2PKH scriptPubKey the node computes for `address` (not our wallet code).
    public func scriptPubKey(of address: String) async throws -> [UInt8] {
        let info = try await rpc.call("validateaddress", [.string(address)])
        guard let hex = info["scriptPubKey"]?.stringValue else { throw RegtestError("validateaddress: no scriptPubKey") }
        return try Self.bytes(hex)
    }

    /// A fresh address and its script, ready to watch.
    public func newWatchedScript() async throws -> WatchedScript {
        let address = try await newAddress()
        return WatchedScript(address: address, scriptPubKey: try await scriptPubKey(of: address), asset: .btc)
    }

    /// `sendtoaddress`; `amount` in BTC as decimal text.
    public func send(to address: String, amount: String) async throws -> String {
        try Self.txid(await rpc.call("sendtoaddress", [.string(address), .number(amount)]))
    }

    /// `sendmany` from the default account: one transaction paying every address.
    public func sendMany(_ amounts: [String: String]) async throws -> String {
        try Self.txid(await rpc.call("sendmany", [.string(""), .object(amounts.mapValues { .number($0) })]))
    }

    /// `generatetoaddress n` to a fresh wallet address; returns the block hashes.
    @discardableResult
    public func generate(_ count: Int) async throws -> [String] {
        let address = try await newAddress()
        let result = try await rpc.call("generatetoaddress", [.number(String(count)), .string(address)])
        return (result.arrayValue ?? []).compactMap(\.stringValue)
    }

    public func invalidateBlock(_ hash: String) async throws { _ = try await rpc.call("invalidateblock", [.string(hash)]) }
    public func reconsiderBlock(_ hash: String) async throws { _ = try await rpc.call("reconsiderblock", [.string(hash)]) }

    public func mempool() async throws -> Set<String> { Set(try await rpc.mempoolTxids()) }

    /// Spends the first input of `txid` again to a fresh address and mines it, so `txid` can never confirm.
    /// This node keeps the first spend in its mempool and refuses a conflicting one, so it restarts without
    /// the saved mempool and without wallet rebroadcast, sends the conflict, mines it, and restarts normally.
    public func doubleSpend(_ txid: String, mine blocks: Int = 1) async throws -> String {
        let original = try await rpc.call("getrawtransaction", [.string(txid), .number("1")])
        guard let input = original["vin"]?[0], let spentTxid = input["txid"]?.stringValue,
              let spentIndex = input["vout"]?.intValue else { throw RegtestError("\(txid) has no input to double-spend") }
        let spent = try await rpc.call("getrawtransaction", [.string(spentTxid), .number("1")])
        guard let valueText = spent["vout"]?[spentIndex]?["value"]?.numberText,
              let sats = Self.sats(valueText), sats > 100_000 else { throw RegtestError("cannot read the spent value") }
        try await restart(extraFlags: ["-persistmempool=0", "-walletbroadcast=0"])
        let destination = try await newAddress()
        let conflict = try await signAndSend(
            inputs: [.object(["txid": .string(spentTxid), "vout": .number(String(spentIndex))])],
            outputs: [destination: Self.btcText(sats - 100_000)])
        try await generate(blocks)
        try await restart()
        return conflict
    }

    /// Pays `amount` BTC to an arbitrary output script (segwit `0014…`, taproot `5120…`): the transaction is
    /// built to a placeholder address whose script is then swapped in the hex, before the node signs it.
    public func sendRaw(paying script: [UInt8], amount: String, sequence: UInt32? = nil) async throws -> String {
        // A fresh 3 BTC coin of our own (unconfirmed is fine) to spend, found by its script.
        let funding = try await newAddress()
        let coinTxid = try await send(to: funding, amount: "3")
        let fundingScript = Hex.encode(try await scriptPubKey(of: funding))
        let fundingTx = try await rpc.call("getrawtransaction", [.string(coinTxid), .number("1")])
        guard let coinIndex = fundingTx["vout"]?.arrayValue?.firstIndex(where: { $0["scriptPubKey"]?["hex"]?.stringValue == fundingScript })
        else { throw RegtestError("funding output not found") }
        let coinSats: Int64 = 300_000_000
        guard let paySats = Self.sats(amount) else { throw RegtestError("bad amount \(amount)") }
        let placeholder = try await newAddress(), change = try await newAddress()
        let created = try await rpc.call("createrawtransaction", [
            .array([.object(["txid": .string(coinTxid), "vout": .number(String(coinIndex))]
                .merging(sequence.map { ["sequence": JSONValue.number(String($0))] } ?? [:]) { $1 })]),
            .object([placeholder: .number(amount), change: .number(Self.btcText(coinSats - paySats - 100_000))]),
        ])
        guard var hex = created.stringValue else { throw RegtestError("createrawtransaction: no hex") }
        let old = Hex.encode(try await scriptPubKey(of: placeholder))
        let new = Hex.encode([UInt8(script.count)]) + Hex.encode(script)
        guard let range = hex.range(of: Hex.encode([UInt8(old.count / 2)]) + old) else { throw RegtestError("placeholder script not in hex") }
        hex.replaceSubrange(range, with: new)
        return try await signAndSendHex(hex)
    }

    private func signAndSend(inputs: [JSONValue], outputs: [String: String]) async throws -> String {
        let created = try await rpc.call("createrawtransaction", [.array(inputs), .object(outputs.mapValues { .number($0) })])
        guard let hex = created.stringValue else { throw RegtestError("createrawtransaction: no hex") }
        return try await signAndSendHex(hex)
    }

    private func signAndSendHex(_ hex: String) async throws -> String {
        let signed = try await rpc.call("signrawtransaction", [.string(hex)])
        guard signed["complete"]?.boolValue == true, let signedHex = signed["hex"]?.stringValue
        else { throw RegtestError("signrawtransaction incomplete: \(signed.text)") }
        return try Self.txid(await rpc.call("sendrawtransaction", [.string(signedHex)]))
    }

    public static func txid(_ value: JSONValue) throws -> String {
        guard let txid = value.stringValue, txid.count == 64 else { throw RegtestError("expected a txid, got \(value.text)") }
        return txid
    }

    public static func bytes(_ hex: String) throws -> [UInt8] {
        var out: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            guard let byte = UInt8(hex[index..<next], radix: 16) else { throw RegtestError("bad hex \(hex)") }
            out.append(byte)
            index = next
        }
        return out
    }

    /// BTC decimal text (as the node prints it) to sats, exactly; test-side so it does not reuse the code under test.
    public static func sats(_ text: String) -> Int64? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, let whole = Int64(parts[0]) else { return nil }
        let fraction = parts.count == 2 ? String(parts[1]) : ""
        guard fraction.count <= 8, let fractionValue = Int64(fraction.padding(toLength: 8, withPad: "0", startingAt: 0))
        else { return nil }
        return whole * 100_000_000 + fractionValue
    }

    public static func btcText(_ sats: Int64) -> String {
        let fraction = String(sats % 100_000_000)
        return "\(sats / 100_000_000)." + String(repeating: "0", count: 8 - fraction.count) + fraction
    }
}
