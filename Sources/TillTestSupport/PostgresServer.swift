import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A throwaway PostgreSQL cluster for tests: `initdb` into a fresh directory, `pg_ctl start` on a free loopback
/// port, trust authentication for the user `till`. As root (CI, the dev machines) the server runs as the `postgres`
/// system user, because PostgreSQL refuses to run as root. The binaries come from `.ci/peers/postgres.sh`
/// (`$TILL_PEERS/postgres/bin`); a missing install is a failure with instructions, never a skip.
public final class PostgresServer: @unchecked Sendable {
    /// The loopback port the server listens on.
    public let port: Int
    /// The superuser the tests connect as (no password: trust authentication on loopback only).
    public let user = "till"
    /// Cluster data, socket and log live here.
    public let directory: URL
    private let bin: URL
    private let lock = NSLock()
    private var running = false

    /// The cluster shared by every test of this process, started on first use and stopped when the process exits.
    public static func shared() throws -> PostgresServer {
        sharedLock.lock()
        defer { sharedLock.unlock() }
        if let server = sharedServer { return server }
        reapOrphans()
        let server = try PostgresServer()
        sharedServer = server
        atexit { PostgresServer.stopShared() }
        return server
    }

    nonisolated(unsafe) private static var sharedServer: PostgresServer?
    private static let sharedLock = NSLock()
    private static func stopShared() { sharedServer?.destroy() }

    /// Initialises and starts a new cluster of its own (for tests that stop or restart the server).
    public init() throws {
        bin = try TestPeers.require(TestPeers.root.appendingPathComponent("postgres/bin/initdb"),
                                    what: "PostgreSQL (initdb)").deletingLastPathComponent()
        directory = URL(fileURLWithPath: "/tmp/till-pg-\(UUID().uuidString.prefix(8).lowercased())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        port = Processes.freePort()
        if getuid() == 0 {
            guard getpwnam("postgres") != nil else {
                throw MissingPeer(what: "the `postgres` system user (the server refuses to run as root)", path: "/etc/passwd")
            }
            try run("/bin/chown", ["-R", "postgres", directory.path])
        }
        // Whose cluster this is: a test process killed before its atexit leaves it to the next run's `reapOrphans`.
        try Data(String(getpid()).utf8).write(to: directory.appendingPathComponent("owner.pid"))
        try asServerUser(bin.appendingPathComponent("initdb").path,
                         ["-D", dataPath, "-U", user, "--auth=trust", "-E", "UTF8", "--no-sync"], what: "initdb")
        try start()
    }

    deinit { stop() }

    private var dataPath: String { directory.appendingPathComponent("data").path }
    private var logPath: String { directory.appendingPathComponent("server.log").path }

    /// `postgresql://till@127.0.0.1:PORT/NAME?sslmode=disable`.
    public func url(database: String) -> String { "postgresql://\(user)@127.0.0.1:\(port)/\(database)?sslmode=disable" }

    /// Starts the server (again) on the same port and data; returns once it accepts connections.
    public func start() throws {
        lock.lock()
        defer { lock.unlock() }
        guard !running else { return }
        // fsync off: a test cluster trades durability for speed; the tests that kill the server use `stop(mode:)`,
        // which still writes everything out.
        let options = "-p \(port) -k \(directory.path) -c listen_addresses=127.0.0.1 -c fsync=off "
            + "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
        try asServerUser(bin.appendingPathComponent("pg_ctl").path,
                         ["-D", dataPath, "-o", options, "-l", logPath, "-w", "-t", "60", "start"], what: "pg_ctl start")
        running = true
    }

    /// Stops the server (`fast`: disconnects clients, as a restart by the shop's admin would).
    public func stop(mode: String = "fast") {
        lock.lock()
        defer { lock.unlock() }
        guard running else { return }
        _ = try? asServerUser(bin.appendingPathComponent("pg_ctl").path,
                              ["-D", dataPath, "-m", mode, "-w", "-t", "60", "stop"], what: "pg_ctl stop")
        running = false
    }

    /// Stops and removes the clusters of test processes that died without stopping them (killed, crashed).
    static func reapOrphans() {
        guard let pgCtl = try? TestPeers.require(TestPeers.root.appendingPathComponent("postgres/bin/pg_ctl"),
                                                 what: "pg_ctl"),
              let names = try? FileManager.default.contentsOfDirectory(atPath: "/tmp") else { return }
        for name in names where name.hasPrefix("till-pg-") {
            let directory = "/tmp/\(name)"
            guard let text = try? String(contentsOfFile: directory + "/owner.pid", encoding: .utf8),
                  let owner = Int32(text), kill(owner, 0) != 0, errno == ESRCH else { continue }
            let stop = [pgCtl.path, "-D", directory + "/data", "-m", "immediate", "-w", "stop"]
            if getuid() == 0 {
                _ = try? Processes.run(Processes.which("runuser") ?? "/usr/sbin/runuser", ["-u", "postgres", "--"] + stop)
            } else {
                _ = try? Processes.run(stop[0], Array(stop.dropFirst()))
            }
            try? FileManager.default.removeItem(atPath: directory)
        }
    }

    /// Removes the cluster's directory (after `stop`).
    public func destroy() {
        stop()
        try? FileManager.default.removeItem(at: directory)
    }

    /// Creates a fresh, empty database and returns its name.
    public func createDatabase(prefix: String = "t") throws -> String {
        let name = "\(prefix)_\(UUID().uuidString.prefix(12).lowercased().replacingOccurrences(of: "-", with: ""))"
        try psql("CREATE DATABASE \(name)")
        return name
    }

    /// Runs SQL through `psql` as the superuser, against `database`; returns psql's unaligned output.
    @discardableResult
    public func psql(_ sql: String, database: String = "postgres") throws -> String {
        let output = try Processes.run(bin.appendingPathComponent("psql").path,
                                       ["-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1",
                                        "-p", String(port), "-U", user, "-d", database, "-c", sql])
        guard output.status == 0 else {
            throw PostgresServerError(what: "psql \(sql)", detail: output.stderr + output.stdout)
        }
        return output.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private func asServerUser(_ program: String, _ arguments: [String], what: String) throws {
        if getuid() == 0 {
            let runuser = Processes.which("runuser") ?? "/usr/sbin/runuser"
            try run(runuser, ["-u", "postgres", "--", program] + arguments, what: what)
        } else {
            try run(program, arguments, what: what)
        }
    }

    private func run(_ program: String, _ arguments: [String], what: String? = nil) throws {
        let output = try Processes.run(program, arguments)
        guard output.status == 0 else {
            let log = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
            throw PostgresServerError(what: what ?? program,
                                      detail: output.stderr + output.stdout + "\nserver log:\n" + String(log.suffix(2000)))
        }
    }
}

/// A PostgreSQL test cluster could not be set up.
public struct PostgresServerError: Error, CustomStringConvertible {
    public let what: String
    public let detail: String
    public var description: String { "\(what) failed: \(detail)" }
}
