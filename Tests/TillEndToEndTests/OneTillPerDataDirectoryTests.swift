import Foundation
import Testing
import TillEndToEndSupport
import TillTestSupport
#if canImport(Glibc)
import Glibc
#endif

/// Two real till processes on one data directory: the second is refused before it touches anything, naming the
/// first; the manager's commands still work next to the running till; a till killed with -9 leaves no stale lock.
@Suite struct OneTillPerDataDirectoryTests {
    @Test func aSecondTillIsRefusedNamingTheFirstAndAKilledOneLeavesNoStaleLock() async throws {
        let directory = try TemporaryDirectory(prefix: "till-one-per-dir")
        let config = try OfflineCoinConfig.write(in: directory, shop: "Lock Shop")
        let binary = try LiveTill.binary
        let first = try TmuxSession(command: [binary, "--config", config], width: 100, height: 30,
                                    environment: ["USER": "someone", "TERM": "xterm-256color"])
        defer { first.kill() }
        _ = try await first.waitFor("First run: create the manager", timeout: .seconds(60))
        let firstPID = try first.programProcessID()

        let second = try await Processes.run(binary, ["--config", config], environment: ["USER": "other", "TERM": "xterm-256color"])
        #expect(second.status != 0)
        #expect(second.stderr.contains("another till (pid \(firstPID)) is already running on the data directory"),
                "refused naming the first till: \(second.stderr)")
        // The first till is unharmed.
        #expect(Glibc.kill(firstPID, 0) == 0)
        #expect(try first.capture().contains("First run: create the manager"))

        // Read-only and manager commands are not refused next to the running till.
        let audit = try await Processes.run(binary, ["audit", "verify", "--config", config])
        #expect(audit.status == 0, "\(audit.stdout)\(audit.stderr)")

        // kill -9: the kernel drops the lock with the process, so the next till starts at once.
        Glibc.kill(firstPID, SIGKILL)
        _ = try await first.waitForExit()
        let third = try TmuxSession(command: [binary, "--config", config], width: 100, height: 30,
                                    environment: ["USER": "someone", "TERM": "xterm-256color"])
        defer { third.kill() }
        _ = try await third.waitFor("First run: create the manager", timeout: .seconds(60))
    }
}
