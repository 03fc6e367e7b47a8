import Foundation
import Testing
@testable import TillManager
import TillTestSupport
#if canImport(Glibc)
import Glibc
#endif

/// Issue 13.11: the CLI's audit actor is the real uid's account, not `$USER`.
@Suite struct CommandLineUserTests {
    @Test func theActorIsTheRealUsersAccountWhateverUSERSays() throws {
        setenv("USER", "mallory", 1)
        let expected = try Processes.run("/usr/bin/id", ["-un"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(CommandLineUser.name == expected)
        #expect(CommandLineUser.name != "mallory")
    }
}
