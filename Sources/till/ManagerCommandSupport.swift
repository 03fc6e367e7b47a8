import ArgumentParser
import Foundation
import TillApp
import TillConfig
import TillCore
import TillManager
import TillStore
#if canImport(Glibc)
import Glibc
#endif

/// What every manager command opens: the configuration and the till's ledger (`<dataDirectory>/till.sqlite`, or the
/// shop's PostgreSQL with `[store]`, where reports and exports cover every lane).
struct ManagerCommandContext {
    let configuration: TillConfiguration
    let database: any LedgerStore
    let timeZone: TimeZone

    init(configPath: String?) throws {
        do {
            configuration = try ConfigLoader.load(commandLine: configPath, environment: ProcessInfo.processInfo.environment)
        } catch {
            throw CommandFailure.cannotLoad(error.message)
        }
        timeZone = .current
        do { database = try LedgerOpening.open(configuration, timeZone: timeZone) } catch {
            throw CommandFailure.cannotLoad((error as? StoreError)?.message ?? "\(error)")
        }
    }

    /// The till's own SQLite ledger (what `till store migrate` copies); a lane of a shared ledger has none.
    var sqliteDatabase: TillDatabase {
        get throws {
            guard let database = database as? TillDatabase else {
                throw CommandFailure("this till already keeps its ledger on PostgreSQL ([store] in till.toml): nothing to migrate")
            }
            return database
        }
    }

    var assets: [Asset] { Asset.builtIn + configuration.coins.map(\.asset) }

    /// The account name of the real uid running the command (for the audit log; never `$USER`).
    static var osUser: String { CommandLineUser.name }
}

/// Reads PINs from standard input: with echo off on a terminal, one line each otherwise.
enum PINInput {
    static func read(_ prompt: String) throws -> String {
        let terminal = isatty(STDIN_FILENO) == 1
        if terminal { FileHandle.standardError.write(Data("\(prompt): ".utf8)) }
        var saved = termios()
        if terminal {
            tcgetattr(STDIN_FILENO, &saved)
            var quiet = saved
            quiet.c_lflag &= ~tcflag_t(ECHO)
            tcsetattr(STDIN_FILENO, TCSANOW, &quiet)
        }
        defer {
            if terminal {
                tcsetattr(STDIN_FILENO, TCSANOW, &saved)
                FileHandle.standardError.write(Data("\n".utf8))
            }
        }
        guard let line = readLine(strippingNewline: true) else { throw CommandFailure("no PIN on standard input") }
        return line.trimmingCharacters(in: .whitespaces)
    }
}

/// Turns the manager module's errors into the command line's: a bad name or day given as an argument is a usage
/// error; everything else (wrong or locked PIN, a closed day, a database failure) is a runtime failure.
func managerFailure(_ error: any Error) -> any Error {
    if let error = error as? ManagerError {
        switch error {
        case .invalidName, .invalidDay: return ValidationError(error.message)
        default: return CommandFailure(error.message)
        }
    }
    if let error = error as? StoreError { return CommandFailure(error.message) }
    return error
}
