import Foundation
import TillStore

// `till store-soak PATH`: the child process of the store's kill -9 test (writes sales until killed).
// The lead ports this to a hidden ArgumentParser subcommand.
let arguments = CommandLine.arguments.dropFirst()
if arguments.first == "store-soak" {
    guard let path = arguments.dropFirst().first else {
        FileHandle.standardError.write(Data("usage: till store-soak DATABASE-PATH\n".utf8))
        exit(64)
    }
    do {
        try StoreSoak.run(databasePath: path)
    } catch {
        FileHandle.standardError.write(Data("till store-soak: \(error)\n".utf8))
        exit(1)
    }
} else {
    print("till")
}
