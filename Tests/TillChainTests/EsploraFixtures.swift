import Foundation

/// Esplora transactions in the shape of Blockstream/esplora `API.md` "Transaction format" (the same fields
/// mempool.space returns), built per test so txids and amounts differ.
enum EsploraFixtures {
    /// scriptPubKey of the BIP84 test vector's first receive address bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu.
    static let merchantScript = "0014c0cebcd6c3d3ca8c75dc5ec62ebe55330ef910e2"
    static let merchantAddress = "bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu"
    static let otherScript = "76a91462e907b15cbf27d5425399ebf6f0fb50ebb88f1888ac"
    static let blockHash = "0000000000000000000320283a032748cef8227873ff4872689bf23f1cda83a5"

    /// A 64-hex txid that differs per `n`.
    static func txid(_ n: Int) -> String {
        let hex = String(n, radix: 16)
        return String(repeating: "a", count: 64 - hex.count) + hex
    }

    /// One transaction paying `sats` to the merchant and change elsewhere; `height` nil = mempool.
    /// It spends output 1 of `txid(spending ?? n + 100_000)`; two transactions spending the same one conflict.
    static func transaction(_ n: Int, sats: Int, height: Int? = nil, sequence: Int = 4_294_967_293,
                            in block: String = blockHash, spending: Int? = nil, script: String = merchantScript) -> String {
        let status = height.map {
            #"{"confirmed":true,"block_height":\#($0),"block_hash":"\#(block)","block_time":1711356000}"#
        } ?? #"{"confirmed":false}"#
        return """
        {"txid":"\(txid(n))","version":2,"locktime":0,\
        "vin":[{"txid":"\(txid(spending ?? n + 100_000))","vout":1,"prevout":{"scriptpubkey":"\(otherScript)",\
        "scriptpubkey_asm":"OP_DUP OP_HASH160 OP_PUSHBYTES_20 62e907b15cbf27d5425399ebf6f0fb50ebb88f18 OP_EQUALVERIFY OP_CHECKSIG",\
        "scriptpubkey_type":"p2pkh","scriptpubkey_address":"1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa","value":\(sats + 20_000)},\
        "scriptsig":"","scriptsig_asm":"","witness":["3044","02aa"],"is_coinbase":false,"sequence":\(sequence)}],\
        "vout":[{"scriptpubkey":"\(script)","scriptpubkey_asm":"OP_0 OP_PUSHBYTES_20 c0cebcd6c3d3ca8c75dc5ec62ebe55330ef910e2",\
        "scriptpubkey_type":"v0_p2wpkh","scriptpubkey_address":"\(merchantAddress)","value":\(sats)},\
        {"scriptpubkey":"\(otherScript)","scriptpubkey_asm":"OP_DUP OP_HASH160 OP_PUSHBYTES_20 62e907b15cbf27d5425399ebf6f0fb50ebb88f18 OP_EQUALVERIFY OP_CHECKSIG",\
        "scriptpubkey_type":"p2pkh","scriptpubkey_address":"1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa","value":10000}],\
        "size":222,"weight":561,"fee":10000,"status":\(status)}
        """
    }

    /// A block hash that differs per `n` ("b…b0001").
    static func block(_ n: Int) -> String {
        let hex = String(n, radix: 16)
        return String(repeating: "b", count: 64 - hex.count) + hex
    }

    static func array(_ items: [String]) -> String { "[" + items.joined(separator: ",") + "]" }

    static func bytes(_ hex: String) -> [UInt8] {
        var out: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            out.append(UInt8(hex[index..<next], radix: 16)!)
            index = next
        }
        return out
    }
}
