import ArgumentParser
import Foundation
import TillCore
import TillManager
import TillStore
import TillStorePostgres

/// `till sales export`.
struct SalesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "sales", abstract: "Work with the sales history.",
                                                    subcommands: [Export.self])

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Export sales (one record per sale and per payment) for the accountant.")
        @OptionGroup var options: ConfigOption
        @Option(help: "First local day, YYYY-MM-DD.") var from: String
        @Option(help: "Last local day (included), YYYY-MM-DD.") var to: String
        @Option(help: "csv (RFC 4180) or json.") var format: String = "csv"
        @Option(name: .shortAndLong, help: "Write to this file instead of standard output.") var output: String?

        func run() throws {
            guard let format = ExportFormat(rawValue: format) else { throw ValidationError("--format must be csv or json") }
            let context = try ManagerContext(configPath: options.config)
            do {
                let first = try LocalDay(parsing: from, timeZone: context.timeZone)
                let last = try LocalDay(parsing: to, timeZone: context.timeZone)
                guard first.start <= last.start else { throw ValidationError("--from \(from) is after --to \(to)") }
                let handle: FileHandle
                if let output {
                    do { handle = try PrivateFiles.truncating(output) } catch {
                        throw ValidationError("cannot create \(output): \(error.localizedDescription)")
                    }
                } else {
                    handle = FileHandle.standardOutput
                }
                let summary = try SalesExport(store: context.database, timeZone: context.timeZone, assets: context.assets)
                    .export(from: first, to: last, format: format, requester: .commandLine(user: ManagerContext.osUser),
                            at: Date()) { handle.write(Data($0.utf8)) }
                if output != nil { try handle.close() }
                FileHandle.standardError.write(Data("exported \(summary.sales) sales, \(summary.payments) payments\n".utf8))
            } catch { throw managerFailure(error) }
        }
    }
}

/// `till user add`.
struct UserCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "user", abstract: "Manage till users.",
                                                    subcommands: [Add.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: """
            Add a cashier or manager. PINs (4–8 digits, a manager's up to 12) are read from standard input: the manager's PIN first \
            (unless this is the first user, who always becomes a manager), then the new PIN twice.
            """)
        @OptionGroup var options: ConfigOption
        @Argument(help: "The user's name.") var name: String
        @Option(help: "cashier or manager.") var role: String = "cashier"
        @Option(help: "The manager approving (needed once a user exists).") var manager: String?

        func run() throws {
            guard let role = Role(rawValue: role) else { throw ValidationError("--role must be cashier or manager") }
            let context = try ManagerContext(configPath: options.config)
            do {
                let now = Date()
                let accounts = Accounts(store: context.database, iterations: try PINHasher.tunedIterations())
                var approval: ManagerApproval?
                if !(try accounts.needsFirstUser()) {
                    guard let manager else { throw ValidationError("users exist: give --manager NAME and that manager's PIN") }
                    approval = try accounts.override(nil, manager: manager, pin: try PINInput.read("PIN of \(manager)"),
                                                     for: .changeUsers, at: now)
                }
                let pin = try PINInput.read("New PIN for \(name)")
                guard try PINInput.read("Repeat the PIN") == pin else { throw ValidationError("the two PINs differ") }
                let user = try accounts.addUser(name: name, role: role, pin: pin, approval: approval, at: now)
                print("added \(user.name) as \(user.role) (PBKDF2-SHA256, \(user.iterations) iterations)")
            } catch { throw managerFailure(error) }
        }
    }
}

/// `till audit verify`.
struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "audit", abstract: "Check the audit log.",
                                                    subcommands: [Verify.self])

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Walk the hash chain; exit 1 at the first broken entry.")
        @OptionGroup var options: ConfigOption
        @Option(name: .customLong("head"), help: "An audit head printed on a paper Z report; must be in the chain (repeatable).")
        var printedHeads: [String] = []

        func run() throws {
            let context = try ManagerContext(configPath: options.config)
            let result: AuditVerification
            // A shop on a shared PostgreSQL ledger has one chain for all its lanes: verify that one.
            do {
                if let shared = context.configuration.store {
                    let store = try PostgresStore(location: shared.location, lane: shared.lane, keyDirectory: context.configuration.dataDirectory, timeZone: context.timeZone)
                    result = try AuditLog(store: store).verify(printedHeads: printedHeads)
                } else {
                    result = try AuditLog(store: context.database).verify(dayCloses: try context.database.dayCloses(limit: Int.max),
                                                                          printedHeads: printedHeads)
                }
            } catch { throw managerFailure(error) }
            if let broken = result.firstBreak {
                print("audit log BROKEN after \(result.entriesChecked) good entries: \(broken)")
                throw ExitCode(1)
            }
            for problem in result.problems { print("audit log BROKEN: \(problem)") }
            if result.unkeyedEntries > 0 {
                print("note: entries 1…\(result.unkeyedEntries) predate the install key (plain SHA-256): they prove order, not authorship")
            }
            if !result.problems.isEmpty { throw ExitCode(1) }
            print("audit log intact: \(result.entriesChecked) entries, \((try? context.database.dayCloses(limit: Int.max).count) ?? 0) closed days checked, head \(result.headHash.isEmpty ? "(empty)" : result.headHash)")
        }
    }
}

/// `till report z`.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "report", abstract: "Print reports.",
                                                    subcommands: [Z.self])

    struct Z: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "z", abstract: """
            Print the end-of-day (Z) report; a closed day prints its recorded report. --close closes the day \
            (the manager's PIN is read from standard input).
            """)
        @OptionGroup var options: ConfigOption
        @Option(help: "Local day, YYYY-MM-DD (default: today).") var date: String?
        @Option(help: "Columns (32/42/48 for receipt paper).") var width: Int = 42
        @Flag(help: "Close the day (once; later runs reprint it).") var close = false
        @Option(help: "The manager closing the day.") var manager: String?

        func run() throws {
            let context = try ManagerContext(configPath: options.config)
            do {
                let now = Date()
                let day = try date.map { try LocalDay(parsing: $0, timeZone: context.timeZone) }
                    ?? LocalDay(containing: now, timeZone: context.timeZone)
                let reports = ZReports(store: context.database, timeZone: context.timeZone,
                                       currency: context.configuration.shop.currency, assets: context.assets)
                if close {
                    guard let manager else { throw ValidationError("--close needs --manager NAME") }
                    let accounts = Accounts(store: context.database)
                    let approval = try accounts.override(nil, manager: manager, pin: try PINInput.read("PIN of \(manager)"),
                                                         for: .closeDay, at: now)
                    print(try reports.close(day, approval: approval, at: now, width: width).reportText, terminator: "")
                } else if let reprint = try reports.reprint(day: day) {
                    try reports.audit(.printed, day: day, actor: "cli:\(ManagerContext.osUser)", detail: "to=stdout", at: now)
                    print(reprint, terminator: "")
                } else {
                    let text = try reports.text(for: day, at: now, width: width)
                    try reports.audit(.printed, day: day, actor: "cli:\(ManagerContext.osUser)", detail: "to=stdout", at: now)
                    print(text, terminator: "")
                }
            } catch { throw managerFailure(error) }
        }
    }
}
