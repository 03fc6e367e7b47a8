import Foundation
import TillConfig
import TillCore
import TillStore
import TillTerminal
import TillUI

/// `till display`: the customer-facing screen of one lane. Reads the till's database on a read-only connection
/// (never the write lock, never a migration, no PIN) and follows the sale on the cashier's screen.
public enum CustomerDisplayProgram {
    /// How often the database is asked whether anything changed (`PRAGMA data_version`, one cheap query).
    public static let pollMilliseconds = 250

    /// The database `till display` reads for these options: `<data>/training.sqlite` in training mode, else `till.sqlite`.
    public static func databasePath(_ options: LaunchOptions) throws -> (path: String, theme: Theme) {
        let configuration = try ConfigLoader.load(commandLine: options.configPath, environment: options.environment)
        let theme = try ThemeFile.resolve(configuration.theme, environment: options.environment)
        let training = options.training || configuration.isTrainingMode
        if let shared = configuration.store, !training {
            // The lane publishes its screen into the shared ledger, but the display reads only a till's own file.
            throw TillAppError("till display follows a till with its own SQLite ledger; lane \(shared.lane) keeps its ledger on PostgreSQL, which the customer display cannot read yet")
        }
        let file = training ? "training.sqlite" : "till.sqlite"
        return (URL(fileURLWithPath: configuration.dataDirectory).appendingPathComponent(file).path, theme)
    }

    /// Runs until `q`; returns the exit status.
    public static func run(_ options: LaunchOptions) -> Int32 {
        let found: (path: String, theme: Theme)
        do { found = try databasePath(options) } catch {
            TillLauncher.printError(error)
            return 2
        }
        let terminal: Terminal
        do { terminal = try Terminal(theme: found.theme, environment: options.environment) } catch {
            TillLauncher.printError("till: \(error.message)")
            return 1
        }
        defer { terminal.shutdown() }
        return run(path: found.path, on: terminal)
    }

    /// The loop: poll, render, draw when the picture changed; `q` quits.
    public static func run(path: String, on terminal: some TerminalPort, clock: () -> Date = Date.init) -> Int32 {
        var follower = LaneFollower(path: path)
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

/// Keeps a read-only connection to the lane's database, reopening it when the file appears or is replaced
/// (training recreates its file at every start), and re-reads only when `PRAGMA data_version` moved.
public struct LaneFollower {
    public let path: String
    private var reader: LaneReader?
    private var version: Int?
    private var view = LaneView(snapshot: nil, sale: nil)
    private var problem: String?

    public init(path: String) { self.path = path }

    public mutating func poll(now: Date, size: TextSize) -> CustomerDisplayState {
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
