import ArgumentParser
import Foundation
import TillCore
import TillManager
import TillStore

/// `till sales export`.
struct SalesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "sales", abstract: "Work with the sales history.",
                                                    subcommands: [Export.self])

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Export sales (one record per sale and per payment) for the accountant.",
            discussion: """
                The export is recorded in the audit log. With -o the file (mode 600) appears only once it is complete.

                Examples:
                  till sales export --from 2026-11-01 --to 2026-11-30 -o nov.csv
                  till sales export --from 2026-11-25 --to 2026-11-25 --format json
                """)
        @OptionGroup var options: ConfigOption
        @Option(help: "First local day, YYYY-MM-DD.") var from: String
        @Option(help: "Last local day (included), YYYY-MM-DD.") var to: String
        @Option(help: "csv (RFC 4180) or json.") var format: ExportFormat = .csv
        @Option(name: .shortAndLong, help: "Write to this file instead of standard output.") var output: String?

        func validate() throws {
            let first = try localDay(from), last = try localDay(to)
            guard first.start <= last.start else { throw ValidationError("--from \(from) is after --to \(to)") }
        }

        func run() throws {
            let context = try ManagerCommandContext(configPath: options.config)
            let first = try localDay(from), last = try localDay(to)
            let file = try output.map(OutputFile.init)
            do {
                let summary = try SalesExport(store: context.database, timeZone: context.timeZone, assets: context.assets)
                    .export(from: first, to: last, format: format, requester: .commandLine(user: ManagerCommandContext.osUser),
                            at: Date()) { text in
                        if let file { try file.write(text) } else { FileHandle.standardOutput.write(Data(text.utf8)) }
                    }
                try file?.commit()
                FileHandle.standardError.write(Data("exported \(summary.sales) sales, \(summary.payments) payments\n".utf8))
            } catch { throw managerFailure(error) }
        }
    }
}

/// A `YYYY-MM-DD` argument as a local day of this machine's time zone; a malformed one is a usage error.
func localDay(_ text: String) throws -> LocalDay {
    do { return try LocalDay(parsing: text, timeZone: .current) } catch { throw managerFailure(error) }
}

/// `till user add`.
struct UserCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "user", abstract: "Manage till users.",
                                                    subcommands: [Add.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: """
            Add a cashier or manager. PINs (4–8 digits, a manager's up to 12) are read from standard input: the manager's PIN first \
            (unless this is the first user, who always becomes a manager), then the new PIN twice.
            """, discussion: """
            On a terminal the PINs are asked for without echo; otherwise one PIN per line is read.

            Examples:
              till user add bob                   # the first user: a manager
              till user add alice --manager bob   # bob's PIN, then alice's twice
            """)
        @OptionGroup var options: ConfigOption
        @Argument(help: "The user's name.") var name: String
        @Option(help: "The new user's role.") var role: Role = .cashier
        @Option(help: "The manager approving (needed once a user exists).") var manager: String?

        func run() throws {
            let context = try ManagerCommandContext(configPath: options.config)
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
                guard try PINInput.read("Repeat the PIN") == pin else { throw CommandFailure("the two PINs differ; nothing was changed") }
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
        static let configuration = CommandConfiguration(
            abstract: "Walk the hash chain; exit 1 at the first broken entry.",
            discussion: """
                Also checks every closed day's recorded head, and each --head copied from a paper Z report.

                Examples:
                  till audit verify
                  till audit verify --head 3f5a…c2 --head 91be…07
                """)
        @OptionGroup var options: ConfigOption
        @Option(name: .customLong("head"), help: "An audit head printed on a paper Z report; must be in the chain (repeatable).")
        var printedHeads: [String] = []

        func run() throws {
            let context = try ManagerCommandContext(configPath: options.config)
            let result: AuditVerification
            // A shop on a shared PostgreSQL ledger has one chain for all its lanes: that one is verified.
            do {
                result = try AuditLog(store: context.database).verify(dayCloses: try context.database.dayCloses(limit: Int.max),
                                                                      printedHeads: printedHeads)
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
            """, discussion: """
            Examples:
              till report z                               # today so far
              till report z --date 2026-11-25 --width 32   # 58 mm paper
              till report z --close --manager bob         # bob's PIN on stdin
            """)
        @OptionGroup var options: ConfigOption
        @Option(help: "Local day, YYYY-MM-DD (default: today).") var date: String?
        @Option(help: "Columns (32/42/48 for receipt paper).") var width: Int = 42
        @Flag(help: "Close the day (once; later runs reprint it).") var close = false
        @Option(help: "The manager closing the day.") var manager: String?

        func validate() throws {
            if let date { _ = try localDay(date) }
            if close, manager == nil { throw ValidationError("--close needs --manager NAME") }
        }

        func run() throws {
            let context = try ManagerCommandContext(configPath: options.config)
            do {
                let now = Date()
                let day = try date.map(localDay) ?? LocalDay(containing: now, timeZone: context.timeZone)
                let reports = ZReports(store: context.database, timeZone: context.timeZone,
                                       currency: context.configuration.shop.currency, assets: context.assets)
                if close {
                    guard let manager else { throw ValidationError("--close needs --manager NAME") }
                    let accounts = Accounts(store: context.database)
                    let approval = try accounts.override(nil, manager: manager, pin: try PINInput.read("PIN of \(manager)"),
                                                         for: .closeDay, at: now)
                    print(try reports.close(day, approval: approval, at: now, width: width).reportText, terminator: "")
                } else if let reprint = try reports.reprint(day: day) {
                    try reports.audit(.printed, day: day, actor: "cli:\(ManagerCommandContext.osUser)", detail: "to=stdout", at: now)
                    print(reprint, terminator: "")
                } else {
                    let text = try reports.text(for: day, at: now, width: width)
                    try reports.audit(.printed, day: day, actor: "cli:\(ManagerCommandContext.osUser)", detail: "to=stdout", at: now)
                    print(text, terminator: "")
                }
            } catch { throw managerFailure(error) }
        }
    }
}
