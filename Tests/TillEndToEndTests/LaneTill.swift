import Foundation
import TillChainTestSupport
import TillConfig
import TillCore
import TillEndToEndSupport
import TillStore
import TillStorePostgres
import TillTestSupport

/// A till that is one lane of a shop's shared PostgreSQL ledger, against a real regtest node, run in tmux from the
/// built `till` binary: the same till.toml as `LiveTill` plus `[store] url` and `lane`.
struct LaneTill {
    let lane: String
    let url: String
    let directory: TemporaryDirectory
    let configPath: String

    init(lane: String, node: RegtestNode, url: String, coinExtra: String = "") throws {
        self.lane = lane
        self.url = url
        directory = try TemporaryDirectory(prefix: "till-lane")
        configPath = try RegtestTillConfig.write(
            in: directory, shop: "Lane Shop", shopLines: "tax_mode = \"included\"", backendURL: node.rpcURL.absoluteString,
            user: RegtestNode.user, password: RegtestNode.password,
            coinLines: "confirmations = 6\nexpiry = \"15m\"\n\(coinExtra)", backendLines: "poll_interval = \"500ms\"")
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: configPath))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("\n[store]\nurl = \"\(url)\"\nlane = \"\(lane)\"\n".utf8))
        try handle.close()
        try FileManager.default.createDirectory(at: directory.file("data"), withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
    }

    /// The ledger as this lane's process sees it (a connection of its own, like a second process).
    func store() throws -> PostgresStore {
        try PostgresStore(location: try PostgresLocation.parse(url, environment: [:]), lane: lane,
                          keyDirectory: directory.file("data").path)
    }

    /// Gives this lane the shop's till.key, copied from the first lane's data directory as the README says.
    func shareKey(from first: LaneTill) throws {
        let key = directory.file("data/till.key")
        try? FileManager.default.removeItem(at: key)
        try FileManager.default.copyItem(at: first.directory.file("data/till.key"), to: key)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: key.path)
    }

    /// Starts the till in its own tmux session, logged in as the shop's manager "e2e-cashier" (created once).
    func start(width: Int = 120, height: Int = 40) async throws -> TmuxSession {
        try TillLogin.ensureUser("e2e-cashier", store: try store())
        let session = try TmuxSession(command: [try LiveTill.binary, "--config", configPath], width: width, height: height,
                                      environment: ["USER": "e2e-cashier", "TERM": "xterm-256color"])
        try await TillLogin.logIn(session, as: "e2e-cashier")
        return session
    }

    /// Every sale of the shop (all lanes), oldest first.
    static func allSales(_ store: PostgresStore) throws -> [Sale] {
        var sales: [Sale] = [], cursor: SaleCursor?
        while true {
            let page = try store.listSales(SaleFilter(), after: cursor, limit: 100)
            sales += try page.rows.compactMap { try store.sale(id: $0.id) }
            guard let last = page.rows.last, page.rows.count == 100 else { return sales.reversed() }
            cursor = SaleCursor(after: last)
        }
    }
}
