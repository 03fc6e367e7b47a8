import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The real `till` executable on a pseudo-terminal: what a shop sees, including process start, dynamic libraries,
/// catalog loading, ncurses and the bytes written to the terminal.
final class PtyTill {
    let pid: pid_t
    private let master: Int32
    private let started: ContinuousClock.Instant
    /// Everything the till wrote so far.
    private(set) var output: [UInt8] = []

    /// Starts `executable` with `arguments` on a fresh 120×40 terminal (LINES/COLUMNS tell ncurses the size).
    init(executable: String, arguments: [String], environment: [String: String]) throws {
        master = PtyCalls.openpt(O_RDWR | O_NOCTTY)
        guard master >= 0, PtyCalls.grantpt(master) == 0, PtyCalls.unlockpt(master) == 0, let name = PtyCalls.ptsname(master) else {
            throw BenchError("no pseudo-terminal: \(String(cString: strerror(errno)))")
        }
        let slavePath = String(cString: name)
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        // A new session opening the terminal first makes it the controlling terminal, as a login shell's would be.
        posix_spawn_file_actions_addopen(&actions, 0, slavePath, O_RDWR, 0)
        posix_spawn_file_actions_adddup2(&actions, 0, 1)
        posix_spawn_file_actions_adddup2(&actions, 0, 2)
        posix_spawn_file_actions_addclose(&actions, master)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setflags(&attributes, Int16(PtyCalls.spawnSetsid | Int32(POSIX_SPAWN_SETSIGMASK)))
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var child: pid_t = 0
        started = ContinuousClock.now
        let status = posix_spawn(&child, executable, &actions, &attributes, argv, envp)
        guard status == 0 else { throw BenchError("cannot start \(executable): \(String(cString: strerror(status)))") }
        pid = child
    }

    /// Time from the start of the process until `marker` appeared in its output; nil after `timeout`.
    func waitForOutput(_ marker: String, timeout: Duration = .seconds(600)) -> Duration? {
        let needle = Array(marker.utf8)
        let deadline = ContinuousClock.now + timeout
        var searched = 0
        while ContinuousClock.now < deadline {
            guard read(waitingUpTo: 100) else { continue }
            if Self.find(needle, in: output, from: max(0, searched - needle.count)) { return ContinuousClock.now - started }
            searched = output.count
        }
        return nil
    }

    /// Sends `bytes` (a key) and times the frame it causes: until the last byte of the burst the till writes,
    /// a burst ending when the terminal stays quiet for `quiet` milliseconds. Nil when nothing came back.
    func keyToFrame(_ bytes: [UInt8], quiet: Int32 = 40) -> Duration? {
        drain()
        let sent = ContinuousClock.now
        _ = bytes.withUnsafeBufferPointer { write(master, $0.baseAddress, $0.count) }
        var last: ContinuousClock.Instant?
        let deadline = sent + .seconds(5)
        while ContinuousClock.now < deadline {
            if read(waitingUpTo: last == nil ? 1_000 : quiet) { last = ContinuousClock.now } else if last != nil { break }
        }
        return last.map { $0 - sent }
    }

    /// Resident memory now (VmRSS) and at its peak (VmHWM), in kB, from /proc.
    func memory() -> (resident: Int, peak: Int)? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
        func field(_ name: String) -> Int? {
            guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix(name) }) else { return nil }
            return Int(line.split(separator: " ").dropFirst().first { !$0.isEmpty }.map(String.init)?
                .trimmingCharacters(in: .whitespaces) ?? "")
        }
        guard let resident = field("VmRSS:"), let peak = field("VmHWM:") else { return nil }
        return (resident, peak)
    }

    /// Sends `quit`, waits for the exit (then SIGTERM, then SIGKILL) and closes the terminal.
    func stop(quit: [UInt8]) {
        _ = quit.withUnsafeBufferPointer { write(master, $0.baseAddress, $0.count) }
        for attempt in 0..<60 {
            var status: Int32 = 0
            if waitpid(pid, &status, WNOHANG) == pid { break }
            drain()
            if attempt == 30 { kill(pid, SIGTERM) }
            if attempt == 50 { kill(pid, SIGKILL) }
            usleep(50_000)
        }
        close(master)
    }

    private func drain() { while read(waitingUpTo: 0) {} }

    /// Reads what is there within `milliseconds`; false when nothing came.
    private func read(waitingUpTo milliseconds: Int32) -> Bool {
        var descriptor = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
        guard poll(&descriptor, 1, milliseconds) > 0 else { return false }
        var chunk = [UInt8](repeating: 0, count: 65_536)
        let count = chunk.withUnsafeMutableBufferPointer { Glibc.read(master, $0.baseAddress, $0.count) }
        guard count > 0 else { return false }
        output += chunk[0..<count]
        return true
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Bool {
        guard needle.count <= haystack.count else { return false }
        var index = start
        while index + needle.count <= haystack.count {
            if haystack[index] == needle[0], Array(haystack[index..<index + needle.count]) == needle { return true }
            index += 1
        }
        return false
    }
}

/// A benchmark that could not run, with the reason.
struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// The pseudo-terminal calls Swift's Glibc module leaves out (they need _XOPEN_SOURCE), looked up in libc.
private enum PtyCalls {
    typealias IntCall = @convention(c) (Int32) -> Int32
    typealias NameCall = @convention(c) (Int32) -> UnsafeMutablePointer<CChar>?

    static let openpt: IntCall = symbol("posix_openpt")
    static let grantpt: IntCall = symbol("grantpt")
    static let unlockpt: IntCall = symbol("unlockpt")
    static let ptsname: NameCall = symbol("ptsname")
    /// glibc's POSIX_SPAWN_SETSID (spawn.h, glibc 2.26 and later).
    static let spawnSetsid: Int32 = 0x80

    private static func symbol<T>(_ name: String) -> T {
        guard let address = dlsym(UnsafeMutableRawPointer(bitPattern: 0), name) else { fatalError("libc has no \(name)") }
        return unsafeBitCast(address, to: T.self)
    }
}
