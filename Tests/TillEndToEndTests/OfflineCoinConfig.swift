import Foundation
import TillTestSupport

/// A live till.toml whose only coin (BTC on regtest, fixed rate) points at a port nothing listens on: for tests of
/// screens that need the live till (PIN screen, manager screen) but no chain.
enum OfflineCoinConfig {
    /// Writes `<directory>/till.toml` (data under `<directory>/data`, mode 0600) and returns its path.
    static func write(in directory: TemporaryDirectory, shop: String) throws -> String {
        let path = directory.file("till.toml").path
        try """
        data_dir = "\(directory.file("data").path)"
        log_file = "\(directory.file("data/till.log").path)"
        theme = "dark"

        [shop]
        name = "\(shop)"
        currency = "USD"

        [rates]
        sources = ["fixed"]

        [rates.fixed]
        BTC = "60000"

        [[coin]]
        id = "BTC"
        symbol = "BTC"
        kind = "utxo"
        network = "bitcoin-regtest"
        wallet = "\(LiveTill.tpub)"
        address_type = "p2pkh"

        [coin.backend]
        type = "bitcoin-rpc"
        url = "http://127.0.0.1:\(Processes.freePort())"
        rpc_user = "nobody"
        rpc_password = "nothing"
        """.write(toFile: path, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
        return path
    }
}
