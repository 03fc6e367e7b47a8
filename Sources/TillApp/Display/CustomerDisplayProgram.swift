import Foundation
import TillConfig
import TillCore
import TillStore
import TillStorePostgres
import TillTerminal
import TillUI

/// `till display`: the customer-facing screen of one lane. Reads the till's database on a read-only connection
/// (never the write lock, never a migration, no PIN) and follows the sale on the cashier's screen.
public enum CustomerDisplayProgram {
    /// How often the database is asked whether anything changed (`PRAGMA data_version`, one cheap query).
    public static let pollMilliseconds = 250

    /// What `till display` follows for these options: `<data>/training.sqlite` in training mode, else `till.sqlite`,
    /// or on a lane of a shared ledger that lane's display in PostgreSQL (`lane`, or the till's own).
    public static func source(_ options: LaunchOptions, lane: String? = nil) throws -> (source: DisplaySource, theme: Theme) {
        let configuration = try ConfigLoader.load(commandLine: options.configPath, environment: options.environment)
        let theme = try ThemeFile.resolve(configuration.theme, environment: options.environment)
        let training = options.training || configuration.isTrainingMode
        if let shared = configuration.store, !training {
            let store = try PostgresStore(location: shared.location, lane: shared.lane, keyDirectory: configuration.dataDirectory)
            return (.ledger(store, lane: lane ?? shared.lane), theme)
        }
        if let lane { throw TillAppError("--lane \(lane): this till keeps its own SQLite ledger, it has no lanes ([store] in till.toml)") }
        let file = training ? "training.sqlite" : "till.sqlite"
        return (.file(URL(fileURLWithPath: configuration.dataDirectory).appendingPathComponent(file).path), theme)
    }

    /// Runs until `q`; returns the exit status.
    public static func run(_ options: LaunchOptions, lane: String? = nil) -> Int32 {
        let found: (source: DisplaySource, theme: Theme)
        do { found = try source(options, lane: lane) } catch {
            TillLauncher.printError(error)
            return 2
        }
        let terminal: Terminal
        do { terminal = try Terminal(theme: found.theme, environment: options.environment) } catch {
            TillLauncher.printError("till: \(error.message)")
            return 1
        }
        defer { terminal.shutdown() }
        return run(source: found.source, on: terminal)
    }

    /// The loop: poll, render, draw when the picture changed; `q` quits.
    public static func run(path: String, on terminal: some TerminalPort, clock: () -> Date = Date.init) -> Int32 {
        run(source: .file(path), on: terminal, clock: clock)
    }

    /// The loop over any source.
    public static func run(source: DisplaySource, on terminal: some TerminalPort, clock: () -> Date = Date.init) -> Int32 {
        var follower = LaneFollower(source: source)
        var shown: Canvas?
        while true {
            let state = follower.poll(now: clock(), size: terminal.size)
            let canvas = CustomerDisplay.render(state)
            if canvas != shown { terminal.draw(canvas); shown = canvas }
            switch terminal.readKey(timeoutMilliseconds: pollMilliseconds) {
            case .character("q")?: return 0
            case .hangup?: return 1
            case .resize?: terminal.invalidate(); shown = nil
            default: break
            }
        }
    }
}

/// Where a customer display reads its lane: a till's own SQLite file, or a lane's row in the shop's PostgreSQL.
public enum DisplaySource {
    case file(String)
    case ledger(PostgresStore, lane: String)
}

/// Keeps a read-only connection to the lane's database, reopening it when the file appears or is replaced
/// (training recreates its file at every start), and re-reads only when `PRAGMA data_version` moved. On a shared
/// ledger there is no cheap change counter: the lane's row is read at every poll (two indexed lookups).
public struct LaneFollower {
    public let source: DisplaySource
    private var reader: LaneReader?
    private var version: Int?
    private var view = LaneView(snapshot: nil, sale: nil)
    private var problem: String?

    public init(source: DisplaySource) { self.source = source }
    public init(path: String) { self.init(source: .file(path)) }

    public mutating func poll(now: Date, size: TextSize) -> CustomerDisplayState {
        guard case .file(let path) = source else {
            if case .ledger(let store, let lane) = source {
                do {
                    view = try store.laneView(lane: lane)
                    problem = view.snapshot == nil ? "Waiting for lane \(lane)…" : nil
                } catch { problem = "Waiting for the shop's ledger… (\(StorageFailure(error).label))" }
            }
            return CustomerDisplayState(snapshot: view.snapshot, sale: view.sale, problem: problem, now: now, size: size)
        }
        if reader == nil || reader?.isStale == true {
            reader = nil
            version = nil
            do { reader = try LaneReader(path: path); problem = nil } catch { problem = "Waiting for the till… (\(error.message))" }
        }
        if let reader {
            do {
                let current = try reader.dataVersion()
                if current != version {
                    view = try reader.read()
                    version = current
                }
                problem = nil
            } catch {
                problem = "Waiting for the till… (\(error.message))"
                self.reader = nil
            }
        }
        return CustomerDisplayState(snapshot: view.snapshot, sale: view.sale, problem: problem, now: now, size: size)
    }
}
