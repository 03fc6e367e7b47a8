import Foundation
import TillChainTestSupport
import TillCore
import TillStore
import TillTestSupport
import TillEndToEndSupport

/// A till configured against the real test EVM (eth-tester behind `eth_rpc_server.py`), run in tmux from the built
/// `till` binary. Coin 1 is a USDC-like token (6 decimals); coin 2 claims the same contract with the wrong decimals,
/// which the till must refuse at start (shown unavailable with the reason) without affecting coin 1; coin 3 is ETH.
struct EthereumLiveTill {
    let directory: TemporaryDirectory
    let configPath: String
    let databasePath: String
    let logPath: String

    /// The merchant's `m/44'/60'/0'` account xpub (protocols research vector).
    static let accountXpub = "xpub6DCoCpSuQZB2jawqnGMEPS63ePKWkwWPH4TU45Q7LPXWuNd8TMtVxRrgjtEshuqpK3mdhaWHPFsBngh5GFZaM6si3yZdUsT8ddYM3PwnATt"

    init(node: EVMNode, token: String, confirmations: Int = 3) throws {
        directory = try TemporaryDirectory(prefix: "till-e2e-evm")
        configPath = directory.file("till.toml").path
        databasePath = directory.file("data/till.sqlite").path
        logPath = directory.file("data/till.log").path
        let config = """
        data_dir = "\(directory.file("data").path)"
        log_file = "\(logPath)"
        theme = "dark"

        [shop]
        name = "E2E Shop"
        currency = "USD"
        tax_mode = "included"

        [rates]
        sources = ["fixed"]

        [rates.fixed]
        USDC = "1.00"
        WRONG = "1.00"
        ETH = "2000.00"

        [[coin]]
        id = "USDC"
        symbol = "USDC"
        kind = "erc20"
        network = "eth-tester"
        chain_id = \(EVMNode.chainID)
        contract = "\(token)"
        decimals = 6
        wallet = "\(Self.accountXpub)"
        address_type = "evm"
        confirmations = \(confirmations)
        expiry = "15m"

        [coin.backend]
        type = "ethereum-rpc"
        url = "\(node.url.absoluteString)"
        poll_interval = "300ms"

        [[coin]]
        id = "WRONG"
        symbol = "USDC"
        kind = "erc20"
        network = "eth-tester"
        chain_id = \(EVMNode.chainID)
        contract = "\(token)"
        decimals = 18
        wallet = "\(Self.accountXpub)"
        address_type = "evm"
        confirmations = \(confirmations)

        [coin.backend]
        type = "ethereum-rpc"
        url = "\(node.url.absoluteString)"
        poll_interval = "300ms"

        [[coin]]
        id = "ETH"
        symbol = "ETH"
        kind = "evm-native"
        network = "eth-tester"
        chain_id = \(EVMNode.chainID)
        wallet = "\(Self.accountXpub)"
        address_type = "evm"
        confirmations = \(confirmations)
        expiry = "15m"

        [coin.backend]
        type = "ethereum-rpc"
        url = "\(node.url.absoluteString)"
        poll_interval = "300ms"
        """
        try config.write(toFile: configPath, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: configPath)
    }

    /// Starts the till in a fresh tmux session, logged in as the manager "e2e-cashier" (created on the first start).
    func start(width: Int = 120, height: Int = 40) async throws -> TmuxSession {
        try TillLogin.ensureUser("e2e-cashier", databasePath: databasePath)
        let session = try TmuxSession(command: [try LiveTill.binary, "--config", configPath], width: width, height: height,
                                      environment: ["USER": "e2e-cashier", "TERM": "xterm-256color"])
        try await TillLogin.logIn(session, as: "e2e-cashier")
        return session
    }

    /// The open sale whose current quote asks for `uri`, as SQLite has it now (a fresh connection, like another process).
    func openSale(showing uri: String) throws -> Sale? {
        try TillDatabase(path: databasePath).openSales(at: Date()).first { $0.currentQuote?.uri == uri }
    }

    func sale(_ id: String) throws -> Sale? {
        try TillDatabase(path: databasePath).sale(id: id)
    }

    func log() -> String {
        (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
    }
}
