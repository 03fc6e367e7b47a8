import Foundation
import TillTestSupport

/// Writes test files into a fresh temp directory.
final class TestFiles {
    let directory: TemporaryDirectory

    init() throws { directory = try TemporaryDirectory(prefix: "till-config") }

    /// Writes `text` to `name` (with permission bits `mode`) and returns its path.
    @discardableResult
    func write(_ name: String, _ text: String, mode: Int = 0o600) throws -> String {
        let url = directory.file(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: url.path)
        return url.path
    }

    func path(_ name: String) -> String { directory.file(name).path }
}

/// Files of the repository itself (catalog/, themes/).
enum Repository {
    static func text(_ relativePath: String) throws -> String {
        try String(contentsOf: TestPeers.repositoryRoot.appendingPathComponent(relativePath), encoding: .utf8)
    }

    static func path(_ relativePath: String) -> String { TestPeers.repositoryRoot.appendingPathComponent(relativePath).path }
}
