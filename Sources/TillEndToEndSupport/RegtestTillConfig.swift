import Foundation
import TillChainTestSupport
import TillTestSupport
import TillWallet

/// The live till.toml of the end-to-end tests: one BTC coin on regtest (P2PKH from `tpub`), a fixed rate
/// of 60000 USD, a bitcoin-rpc backend; data under `<directory>/data`; written with mode 0600.
public enum RegtestTillConfig {
    /// BIP32 test vector 1's master key, as a testnet `tpub`: P2PKH addresses the regtest node can pay.
    public static let tpub: String = try! ExtendedPublicKey(parsing:
        "xpub661MyMwAqRbcFtXgS5sYJABqqG9YLmC4Q1Rdap9gSE8NqtwybGhePY2gZ29ESFjqJoCu1Rupje8YtGqsefD265TMg7usUDFdp6W1EGMcet8")
        .serialized(as: "tpub")

    /// Writes `<directory>/till.toml` and returns its path. The `…Lines` go into the shop, coin and backend tables.
    public static func write(in directory: TemporaryDirectory, shop: String, shopLines: String = "", backendURL: String,
                      user: String, password: String, coinLines: String = "", backendLines: String = "") throws -> String {
        let path = directory.file("till.toml").path
        try """
        data_dir = "\(directory.file("data").path)"
        log_file = "\(directory.file("data/till.log").path)"
        theme = "dark"

        [shop]
        name = "\(shop)"
        currency = "USD"
        \(shopLines)

        [rates]
        sources = ["fixed"]

        [rates.fixed]
        BTC = "60000"

        [[coin]]
        id = "BTC"
        symbol = "BTC"
        kind = "utxo"
        network = "bitcoin-regtest"
        wallet = "\(tpub)"
        address_type = "p2pkh"
        \(coinLines)

        [coin.backend]
        type = "bitcoin-rpc"
        url = "\(backendURL)"
        rpc_user = "\(user)"
        rpc_password = "\(password)"
        \(backendLines)
        """.write(toFile: path, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
        return path
    }
}

/// A live till.toml whose only coin points at a port nothing listens on: for tests of screens that need the live
/// till (PIN screen, manager screen) but no chain.
public enum OfflineCoinConfig {
    public static func write(in directory: TemporaryDirectory, shop: String) throws -> String {
        try RegtestTillConfig.write(in: directory, shop: shop, backendURL: "http://127.0.0.1:\(Processes.freePort())",
                                    user: "nobody", password: "nothing")
    }
}
