import TillCore

/// Turns public keys into output scripts and addresses, and addresses back into scripts.
public enum AddressEncoding {
    /// The scriptPubKey paying `publicKey` (33 bytes) as `type`; for Ethereum, the 20 address bytes.
    public static func scriptPubKey(publicKey: [UInt8], type: AddressType) throws(WalletError) -> [UInt8] {
        switch type {
        case .p2pkh:
            return [0x76, 0xa9, 0x14] + Hashes.hash160(publicKey) + [0x88, 0xac]
        case .p2shP2wpkh:
            return [0xa9, 0x14] + Hashes.hash160(redeemScript(publicKey)) + [0x87]
        case .p2wpkh:
            return [0x00, 0x14] + Hashes.hash160(publicKey)
        case .p2tr:
            guard let output = Secp256k1.taprootOutputKey(publicKey) else {
                throw WalletError(.derivation, "taproot tweak failed for key \(publicKey.hex)")
            }
            return [0x51, 0x20] + output
        case .evm:
            guard let full = Secp256k1.uncompressed(publicKey) else {
                throw WalletError(.invalidKey, "\(publicKey.hex) is not a valid public key")
            }
            return Array(Keccak.hash256(Array(full.dropFirst())).suffix(20))
        }
    }

    /// The P2WPKH program that P2SH-P2WPKH wraps (BIP49 redeem script 0014{hash160}).
    static func redeemScript(_ publicKey: [UInt8]) -> [UInt8] { [0x00, 0x14] + Hashes.hash160(publicKey) }

    /// The address of `publicKey` as `type` on `network`.
    public static func address(publicKey: [UInt8], type: AddressType, network: Network) throws(WalletError) -> String {
        let script = try scriptPubKey(publicKey: publicKey, type: type)
        if type == .evm { return EthereumAddress.checksummed(script) }
        guard let address = address(scriptPubKey: script, network: network) else {
            throw WalletError(.networkMismatch, "\(type.rawValue) addresses do not exist on \(network.name)")
        }
        return address
    }

    /// The address an output script pays on `network`, or nil for scripts without an address form.
    public static func address(scriptPubKey script: [UInt8], network: Network) -> String? {
        if network.coin == .ethereum { return script.count == 20 ? EthereumAddress.checksummed(script) : nil }
        if script.count == 25, script[0] == 0x76, script[1] == 0xa9, script[2] == 0x14, script[23] == 0x88, script[24] == 0xac {
            return Base58.encodeCheck([network.p2pkhVersion] + script[3..<23])
        }
        if script.count == 23, script[0] == 0xa9, script[1] == 0x14, script[22] == 0x87 {
            return Base58.encodeCheck([network.p2shVersion] + script[2..<22])
        }
        if script.count >= 4, script.count <= 42, script[0] == 0 || (0x51...0x60).contains(script[0]),
           Int(script[1]) == script.count - 2, (2...40).contains(script.count - 2) {
            let version = script[0] == 0 ? 0 : script[0] - 0x50
            if version == 0 && script.count != 22 && script.count != 34 { return nil }
            return Bech32.encodeSegwit(hrp: network.bech32HRP, version: version, program: Array(script[2...]))
        }
        return nil
    }

    /// The scriptPubKey an address stands for on `network`; a clear error for other networks and typos.
    /// For Ethereum, the 20 address bytes.
    public static func scriptPubKey(address: String, network: Network) throws(WalletError) -> [UInt8] {
        if network.coin == .ethereum { return try EthereumAddress.parse(address) }
        let lowered = address.lowercased()
        if lowered.hasPrefix(network.bech32HRP + "1") {
            let (version, program) = try Bech32.decodeSegwit(hrp: network.bech32HRP, address: address)
            return [version == 0 ? 0 : version + 0x50, UInt8(program.count)] + program
        }
        if lowered.contains("1"), let other = Network.all.first(where: { !$0.bech32HRP.isEmpty && lowered.hasPrefix($0.bech32HRP + "1") }),
           other.bech32HRP != network.bech32HRP {
            throw WalletError(.networkMismatch, "address '\(address)' is a \(other.name) address, but the network is \(network.name)")
        }
        let payload = try Base58.decodeCheck(address, what: "address")
        guard payload.count == 21 else {
            throw WalletError(.badAddress, "address '\(address)' decodes to \(payload.count) bytes, expected 21")
        }
        let hash = Array(payload[1...])
        switch payload[0] {
        case network.p2pkhVersion: return [0x76, 0xa9, 0x14] + hash + [0x88, 0xac]
        case network.p2shVersion: return [0xa9, 0x14] + hash + [0x87]
        default:
            throw WalletError(.networkMismatch, "address '\(address)' has version byte \(payload[0]), which is not a "
                + "\(network.name) address (P2PKH \(network.p2pkhVersion), P2SH \(network.p2shVersion))")
        }
    }
}
