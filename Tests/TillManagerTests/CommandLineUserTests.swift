import Foundation
import Testing
@testable import TillManager
#if canImport(Glibc)
import Glibc
#endif

/// Issue 13.11: the CLI's audit actor is the real uid's account, not `$USER`.
@Suite struct CommandLineUserTests {
    @Test func theActorIsTheRealUsersAccountWhateverUSERSays() throws {
        setenv("USER", "mallory", 1)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/id")
        process.arguments = ["-un"]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        process.waitUntilExit()
        let expected = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(CommandLineUser.name == expected)
        #expect(CommandLineUser.name != "mallory")
    }
}
