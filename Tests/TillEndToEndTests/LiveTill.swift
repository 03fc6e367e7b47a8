import Foundation
import TillChainTestSupport
import TillCore
import TillEndToEndSupport
import TillStore
import TillTestSupport
import TillWallet

/// A till configured against a real regtest node, run in tmux from the built `till` binary.
struct LiveTill {
    let directory: TemporaryDirectory
    let configPath: String
    let databasePath: String

    /// BIP32 test vector 1's master key, as a testnet `tpub`: P2PKH addresses the regtest node can pay.
    static let tpub = RegtestTillConfig.tpub

    /// `coinExtra` adds lines to the BTC coin's table (e.g. `gap_limit = 2`).
    init(node: RegtestNode, pollInterval: String = "500ms", expiry: String = "15m", coinExtra: String = "") throws {
        directory = try TemporaryDirectory(prefix: "till-e2e")
        databasePath = directory.file("data/till.sqlite").path
        configPath = try RegtestTillConfig.write(
            in: directory, shop: "E2E Shop", shopLines: "tax_mode = \"included\"", backendURL: node.rpcURL.absoluteString,
            user: RegtestNode.user, password: RegtestNode.password,
            coinLines: "confirmations = 6\nexpiry = \"\(expiry)\"\n\(coinExtra)", backendLines: "poll_interval = \"\(pollInterval)\"")
    }

    static var binary: String {
        get throws {
            let path = TestPeers.repositoryRoot.appendingPathComponent(".build/debug/till").path
            guard FileManager.default.isExecutableFile(atPath: path) else {
                throw MissingPeer(what: "the till binary (run `swift build` or `bash .ci/test`)", path: path)
            }
            return path
        }
    }

    /// Starts the till in a fresh tmux session, logged in as the manager "e2e-cashier" (created on the first start).
    func start(width: Int = 120, height: Int = 40) async throws -> TmuxSession {
        try TillLogin.ensureUser("e2e-cashier", databasePath: databasePath)
        let session = try TmuxSession(command: [try Self.binary, "--config", configPath], width: width, height: height,
                                      environment: ["USER": "e2e-cashier", "TERM": "xterm-256color"])
        try await TillLogin.logIn(session, as: "e2e-cashier")
        return session
    }

    /// The sale waiting for (more) payment now, as SQLite has it.
    func pendingSale() throws -> Sale? {
        try TillDatabase(path: databasePath).openSales(at: Date()).last { $0.currentQuote != nil && !$0.status.isClosed }
    }

    /// The sale as SQLite has it now (a fresh connection each time, like a second process would).
    func sale(_ id: String) throws -> Sale? {
        try TillDatabase(path: databasePath).sale(id: id)
    }
}

/// Reads back every sale of a till's database, oldest first.
struct TillDatabaseReader {
    let database: TillDatabase

    init(_ till: LiveTill) throws { database = try TillDatabase(path: till.databasePath) }

    func sales() throws -> [Sale] {
        let page = try database.listSales(SaleFilter(), after: nil, limit: 100)
        return try page.rows.reversed().compactMap { try database.sale(id: $0.id) }
    }
}
