import ArgumentParser
import Foundation
import TillStore

/// The child process of the store's kill -9 test: writes sales until it is killed.
struct StoreSoakCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "store-soak", abstract: "Write sales in a loop (crash-safety test).",
                                                    shouldDisplay: false)
    @Argument(help: "The database file.") var path: String

    func run() throws {
        do { try StoreSoak.run(databasePath: path) } catch {
            FileHandle.standardError.write(Data("till store-soak: \(error)\n".utf8))
            throw ExitCode(1)
        }
    }
}
