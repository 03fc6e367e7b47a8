import TillCore

/// One receive (or change) address with where it came from.
public struct DerivedAddress: Hashable, Sendable {
    /// The address to show and put in the payment URI.
    public let address: String
    /// "m/84'/0'/0'/0/5" when the key origin is known, else relative to the key: "…/0/5".
    public let path: String
    /// Output script the chain watcher matches (for Ethereum, the 20 address bytes).
    public let scriptPubKey: [UInt8]
    /// 0 receive, 1 change.
    public let change: Int
    public let index: Int
}

/// A merchant's account watched from its public key only: xpub-family text or a single-key descriptor.
public struct WatchOnlyWallet: Sendable {
    public let network: Network
    public let addressType: AddressType
    /// Where the account key sits in the merchant's wallet, when a descriptor said so.
    public let origin: KeyOrigin?
    /// The account-level extended public key.
    public let accountKey: ExtendedPublicKey
    /// Key of each chain (receive, change), derived once so each address costs one CKDpub.
    private let chainKeys: [ExtendedPublicKey]
    /// Fingerprints of the chain keys, so a derivation does not hash the parent again.
    private let chainFingerprints: [UInt32]
    /// Steps from the account key to each chain key.
    private let chainPaths: [[UInt32]]

    /// Parses an xpub/ypub/zpub/tpub/upub/vpub/Ltub/Mtub/ttub or a descriptor for `network`.
    /// `addressType` is required for plain xpub/tpub/Ltub on Bitcoin-like chains; it must agree with a ypub/zpub or descriptor.
    public init(parsing text: String, network: Network, addressType requested: AddressType? = nil) throws(WalletError) {
        let trimmed = text.trimmingWhitespace
        let isDescriptor = trimmed.contains("(")
        let key: ExtendedPublicKey, type: AddressType, paths: [[UInt32]]
        if isDescriptor {
            let descriptor = try OutputDescriptor(parsing: trimmed)
            key = descriptor.key
            type = descriptor.addressType
            origin = descriptor.origin
            paths = try (0..<descriptor.chainCount).map { (change) throws(WalletError) in try descriptor.chainPath(change: change) }
            if let requested, requested != type {
                throw WalletError(.networkMismatch, "the descriptor is \(type.rawValue) but the configured address type is \(requested.rawValue)")
            }
        } else {
            key = try ExtendedPublicKey(parsing: trimmed)
            origin = nil
            paths = [[0], [1]]
            let implied = KeyVersion.lookup(key.version)?.addressType
            if network.coin == .ethereum {
                type = .evm
            } else if let chosen = requested ?? implied {
                type = chosen
            } else {
                throw WalletError(.unsupported, "a \(key.versionPrefix) does not say which addresses to make: set the address type "
                    + "(p2pkh, p2sh-p2wpkh, p2wpkh or p2tr), or paste the descriptor your wallet exports")
            }
            if let implied, type != implied {
                throw WalletError(.networkMismatch, "a \(key.versionPrefix) is a \(implied.rawValue) key (SLIP-132) but the configured address type is \(type.rawValue)")
            }
        }
        if let version = KeyVersion.lookup(key.version), !version.fits(network) {
            throw WalletError(.networkMismatch, "a \(version.prefix) key is for \(version.isTestnet ? "a test network" : "a main network")"
                + "\(version.coin.map { " of \($0.rawValue)" } ?? ""), but the configured network is \(network.name)")
        }
        if (type == .evm) != (network.coin == .ethereum) {
            throw WalletError(.networkMismatch, "address type \(type.rawValue) does not exist on \(network.name)")
        }
        if network.coin == .litecoin && type == .p2tr {
            throw WalletError(.unsupported, "Litecoin has no taproot addresses; use p2pkh, p2sh-p2wpkh or p2wpkh")
        }
        self.network = network
        self.addressType = type
        self.accountKey = key
        self.chainPaths = paths
        self.chainKeys = try paths.map { (path) throws(WalletError) in try key.derive(path) }
        self.chainFingerprints = chainKeys.map(\.fingerprint)
    }

    /// The address at `index` of chain `change` (0 receive, 1 change).
    public func derive(change: Int = 0, index: Int) throws(WalletError) -> DerivedAddress {
        guard change >= 0, change < chainKeys.count else {
            throw WalletError(.unsupported, "this wallet has no chain \(change); a descriptor needs /<0;1>/* for change addresses")
        }
        guard index >= 0, index < Int(ExtendedPublicKey.hardenedOffset) else {
            throw WalletError(.derivation, "address index \(index) is outside 0…2147483647")
        }
        let child = try chainKeys[change].child(UInt32(index), ownFingerprint: chainFingerprints[change])
        let script = try AddressEncoding.scriptPubKey(publicKey: child.publicKey, type: addressType)
        let address: String
        if addressType == .evm {
            address = EthereumAddress.checksummed(script)
        } else if let encoded = AddressEncoding.address(scriptPubKey: script, network: network) {
            address = encoded
        } else {
            throw WalletError(.networkMismatch, "\(addressType.rawValue) addresses do not exist on \(network.name)")
        }
        let relative = DerivationPath.format(chainPaths[change] + [UInt32(index)])
        let path = origin.map { "m/" + DerivationPath.format($0.path + chainPaths[change] + [UInt32(index)]) } ?? "…/" + relative
        return DerivedAddress(address: address, path: path, scriptPubKey: script, change: change, index: index)
    }

    /// A stable id for the address index table: the same account, type, network and chains give the same id,
    /// whether it came as a zpub or as the matching descriptor.
    public var walletID: String {
        // EVM accounts keep the type's old name here: a new id would start their address index over (address reuse).
        let typeName = addressType == .evm ? "ethereum" : addressType.rawValue
        let canonical = [network.name, typeName, accountKey.chainCode.hex, accountKey.publicKey.hex,
                         chainPaths.map(DerivationPath.format).joined(separator: ";")].joined(separator: "|")
        return Array(Hashes.sha256(Array(canonical.utf8)).prefix(8)).hex
    }
}
