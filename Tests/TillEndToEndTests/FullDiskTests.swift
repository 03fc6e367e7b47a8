import Foundation
import Testing
import TillTestSupport
#if canImport(Glibc)
import Glibc
#endif

/// Issue 12: a full disk is named as such, not as a node outage or a bare "database error", and nothing is shown
/// that was not saved. A real till in tmux on a real 4 MiB tmpfs that the test fills up.
@Suite struct FullDiskTests {
    @Test func aFullDiskIsNamedOnTheStatusBarAndNothingUnsavedIsShownUntilSpaceIsFreed() async throws {
        let directory = try TemporaryDirectory(prefix: "till-full-disk")
        let mountPoint = directory.file("disk").path
        try FileManager.default.createDirectory(atPath: mountPoint, withIntermediateDirectories: true)
        let mounted = try await Processes.run("/bin/mount", ["-t", "tmpfs", "-o", "size=4m,mode=0700", "tmpfs", mountPoint])
        try #require(mounted.status == 0, "mounting a 4 MiB tmpfs needs root (CI runs as root): \(mounted.stderr)")
        defer { _ = try? Processes.run("/bin/umount", ["-l", mountPoint]) }

        let session = try TmuxSession(command: [try LiveTill.binary, "--training"], width: 120, height: 40,
                                      environment: ["TERM": "xterm-256color", "XDG_DATA_HOME": "\(mountPoint)/data",
                                                    "XDG_CONFIG_HOME": "\(mountPoint)/config"])
        defer { session.kill() }
        try await session.waitFor("Products", timeout: .seconds(60))

        let filler = "\(mountPoint)/filler"
        let written = try Self.fill(filler)
        #expect(written > 0)
        try session.send(keys: "Enter")
        let full = try await session.waitFor("DISK FULL")
        #expect(full.contains("empty: Enter adds a product"), "the product was not added to a sale that could not be saved:\n\(full)")
        let log = try String(contentsOfFile: "\(mountPoint)/data/till/till.log", encoding: .utf8)
        #expect(log.contains("the disk is full"), "\(log)")

        // Space again: the next key saves, and the alert goes away.
        try FileManager.default.removeItem(atPath: filler)
        try session.send(keys: "Enter")
        let fine = try await session.waitUntil("the product added and no alert") { $0.contains("added ") && !$0.contains("DISK FULL") }
        #expect(!fine.contains("empty: Enter adds a product"))
    }

    /// Writes zeros to `path` until the disk refuses (ENOSPC); returns the bytes written.
    static func fill(_ path: String) throws -> Int {
        let descriptor = open(path, O_CREAT | O_WRONLY, 0o600)
        guard descriptor >= 0 else { throw TmuxSession.Failure(description: "cannot create \(path)") }
        defer { close(descriptor) }
        let chunk = [UInt8](repeating: 0, count: 64 * 1024)
        var total = 0
        while true {
            let wrote = chunk.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            if wrote > 0 { total += wrote; continue }
            if errno == ENOSPC || wrote == 0 { return total }
            throw TmuxSession.Failure(description: "writing \(path) failed with errno \(errno), not ENOSPC")
        }
    }
}
