import Foundation
import TillCore
import TillHTTP

/// Unrelated P2PKH transactions made fast on the bench node. Wallet `sendtoaddress` slows down as the wallet grows
/// (about 5 ms a call at first, 20 ms after 3,000), so coinbases are split once into many outputs and each unrelated
/// transaction spends one of them (none waits on another), built here, signed and sent 100 per JSON-RPC batch.
actor FloodFunds {
    /// An output this bench may spend: outpoint and value in satoshis.
    private struct Coin { let txid: String; let vout: Int; let units: Int64 }

    private let node: BenchNode
    private var coins: [Coin] = []
    private var used = 0
    /// Outputs per split transaction: about 85 kB each, well inside any size policy.
    static let outputsPerSplit = 2_500
    /// 1-in 1-out P2PKH is about 192 bytes; 300 sat stays above the node's 1 sat/byte wallet and relay floor.
    static let fee: Int64 = 300

    init(node: BenchNode) { self.node = node }

    /// Outputs not yet spent by `flood` or `send`.
    var remaining: Int { coins.count - used }

    /// Makes at least `count` spendable outputs: mines coinbases to one wallet address, splits each into
    /// `outputsPerSplit` outputs, locks them in the wallet (so a payment's `sendtoaddress` never spends one and
    /// conflicts with a flood transaction), and mines each split.
    func prepare(count: Int) async throws {
        let splits = (count + Self.outputsPerSplit - 1) / Self.outputsPerSplit
        let address = try await node.string("getnewaddress")
        let script = try await node.script(of: address)
        _ = try await node.call("generatetoaddress", [.number(String(splits)), .string(address)])
        _ = try await node.call("generatetoaddress", [.number("100"), .string(try await node.string("getnewaddress"))])
        let unspent = try await node.call("listunspent", [.number("1"), .number("9999999"), .array([.string(address)])])
        let coinbases = (unspent.arrayValue ?? []).compactMap { item -> Coin? in
            guard let txid = item["txid"]?.stringValue, let vout = item["vout"]?.intValue,
                  let units = item["amount"]?.numberText.flatMap(Self.satoshis), units >= 100_000_000 else { return nil }
            return Coin(txid: txid, vout: vout, units: units)
        }
        guard coinbases.count >= splits else { throw BenchNodeError("only \(coinbases.count) coinbases of \(splits) matured") }
        let miner = try await node.string("getnewaddress")
        for coinbase in coinbases.prefix(splits) {
            // 2 sat/byte on about 85 kB.
            let each = (coinbase.units - 200_000) / Int64(Self.outputsPerSplit)
            let hex = Self.transaction(spending: coinbase, paying: Array(repeating: (each, script), count: Self.outputsPerSplit))
            let txid = try await send(signed: [hex])[0]
            let made = (0..<Self.outputsPerSplit).map { Coin(txid: txid, vout: $0, units: each) }
            coins += made
            let locks = made.map { JSONValue.object(["txid": .string($0.txid), "vout": .number(String($0.vout))]) }
            _ = try await node.call("lockunspent", [.bool(false), .array(locks)])
            // One block per split: before genesis (height 10,000 on regtest) a block holds 20,000 sigops per MB,
            // and all splits in one 3.6 MB block failed with bad-blk-sigops.
            _ = try await node.call("generatetoaddress", [.number("1"), .string(miner)])
        }
    }

    /// Puts `count` unrelated transactions into the node's mempool; returns when the node accepted all of them.
    func flood(_ count: Int) async throws {
        var sent = 0
        while sent < count {
            let chunk = min(100, count - sent)
            _ = try await send(signed: try take(chunk).map(Self.unrelated))
            sent += chunk
        }
    }

    /// One unrelated transaction (the trickle).
    func sendOne() async throws { _ = try await send(signed: try take(1).map(Self.unrelated)) }

    private func take(_ count: Int) throws -> ArraySlice<Coin> {
        guard used + count <= coins.count else { throw BenchNodeError("out of prepared outputs (\(coins.count) made)") }
        defer { used += count }
        return coins[used..<used + count]
    }

    /// Signs (wallet keys, prevouts from the node's UTXO set) and sends, one batch each; the txids.
    private func send(signed hexes: [String]) async throws -> [String] {
        let signed = try await node.batch(hexes.map { ("signrawtransaction", [JSONValue.string($0)]) })
        let ready = try signed.map { answer -> JSONValue in
            guard answer["complete"]?.boolValue == true, let hex = answer["hex"] else { throw BenchNodeError("signing incomplete") }
            return hex
        }
        return try await node.batch(ready.map { ("sendrawtransaction", [$0]) }).map {
            guard let txid = $0.stringValue else { throw BenchNodeError("sendrawtransaction: no txid") }
            return txid
        }
    }

    /// Spends `coin` to a P2PKH script of random hash nobody watches.
    private static func unrelated(_ coin: Coin) -> String {
        let hash = (0..<20).map { _ in UInt8.random(in: 0...255) }
        return transaction(spending: coin, paying: [(coin.units - fee, [0x76, 0xA9, 0x14] + hash + [0x88, 0xAC])])
    }

    /// An unsigned version-1 transaction spending one outpoint (empty scriptSig, final sequence), as hex.
    private static func transaction(spending coin: Coin, paying outputs: [(units: Int64, script: [UInt8])]) -> String {
        var bytes: [UInt8] = [1, 0, 0, 0, 1]
        bytes += (Hex.decode(coin.txid) ?? []).reversed()
        bytes += littleEndian(UInt64(coin.vout), 4) + [0] + [0xFF, 0xFF, 0xFF, 0xFF]
        bytes += varInt(outputs.count)
        for output in outputs {
            bytes += littleEndian(UInt64(output.units), 8) + varInt(output.script.count) + output.script
        }
        bytes += [0, 0, 0, 0]
        return Hex.encode(bytes)
    }

    private static func littleEndian(_ value: UInt64, _ width: Int) -> [UInt8] {
        (0..<width).map { UInt8(truncatingIfNeeded: value >> (8 * UInt64($0))) }
    }

    private static func varInt(_ value: Int) -> [UInt8] {
        if value < 0xFD { return [UInt8(value)] }
        if value <= 0xFFFF { return [0xFD] + littleEndian(UInt64(value), 2) }
        return [0xFE] + littleEndian(UInt64(value), 4)
    }

    /// "50.00000000" (the node's BSV amount) in satoshis, without going through floating point.
    static func satoshis(_ text: String) -> Int64? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let whole = Int64(parts[0]) else { return nil }
        let fraction = parts.count == 2 ? String(parts[1]) : ""
        guard fraction.count <= 8, fraction.allSatisfy(\.isNumber) else { return nil }
        return whole * 100_000_000 + (Int64(fraction.padding(toLength: 8, withPad: "0", startingAt: 0)) ?? 0)
    }
}
