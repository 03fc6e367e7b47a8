import ArgumentParser
import Foundation
import TillConfig
import TillManager
import TillStore
import TillStorePostgres

/// `till store migrate --to postgresql://…`: moves a single till's SQLite ledger into a shop's PostgreSQL ledger.
struct StoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "store", abstract: "Move the ledger between engines.",
                                                    subcommands: [Migrate.self])

    struct Migrate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Copy this till's SQLite ledger into an empty PostgreSQL database (audit chain verified on both sides).",
            discussion: """
                Examples:
                  till store migrate --to 'postgresql://till@db/till?sslmode=verify-full'
                  till store migrate --to postgresql://till@db/till --lane front-1
                """)
        @OptionGroup var options: ConfigOption
        @Option(name: .long, help: "postgresql://user@host:port/database?sslmode=… (password: $TILL_PG_PASSWORD or --password-file).")
        var to: String
        @Option(name: .long, help: "The lane the copied sales belong to.")
        var lane: String = "main"
        @Option(name: .long, help: "A file (mode 600) holding the PostgreSQL password.")
        var passwordFile: String?

        func run() throws {
            let context = try ManagerCommandContext(configPath: options.config)
            let location: PostgresLocation
            do {
                location = try PostgresLocation.parse(to, passwordFile: passwordFile)
            } catch { throw ValidationError("--to \(error.message)") }
            let source = try context.sqliteDatabase
            let before = try verified(AuditLog(store: source), side: source.path)
            let target: PostgresStore
            do { target = try PostgresStore(location: location, lane: lane, keyDirectory: context.configuration.dataDirectory, timeZone: context.timeZone) } catch {
                throw CommandFailure(error.message)
            }
            let counts: [String: Int]
            do {
                counts = try LedgerCopy.copy(from: source, to: target) { table, rows in
                    FileHandle.standardError.write(Data("\r\(table): \(rows) rows".utf8))
                }
                FileHandle.standardError.write(Data("\n".utf8))
            } catch { throw CommandFailure("copy failed, nothing was written to \(location.redacted): \(error)") }
            let after = try verified(AuditLog(store: target), side: location.redacted)
            guard after == before else {
                print("audit chains differ after the copy: SQLite \(before.entries) entries head \(before.head), "
                      + "PostgreSQL \(after.entries) entries head \(after.head)")
                throw ExitCode(1)
            }
            for table in counts.keys.sorted() { print("\(table): \(counts[table]!) rows") }
            print("copied to \(location.redacted) as lane \(lane); audit log intact on both sides: \(after.entries) "
                  + "entries, head \(after.head.isEmpty ? "(empty)" : after.head)")
        }

        private func verified(_ log: AuditLog, side: String) throws -> AuditHead {
            let result: AuditVerification
            do { result = try log.verify() } catch { throw managerFailure(error) }
            if let broken = result.firstBreak {
                print("\(side): audit log BROKEN after \(result.entriesChecked) good entries: \(broken); not copied")
                throw ExitCode(1)
            }
            return AuditHead(entries: result.entriesChecked, head: result.headHash)
        }
    }
}

/// How many audit entries verified and the chain's head hash.
private struct AuditHead: Equatable {
    let entries: Int
    let head: String
}
