import Foundation

/// Locates the real peers tests talk to (regtest node, Python venv) under `.build/peers`.
/// A missing peer is a failure with instructions, never a skip.
public enum TestPeers {
    /// The repository root, found from this file's path.
    public static let repositoryRoot: URL = {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }()

    /// `TILL_PEERS`, or `<repo>/.build/peers`.
    public static var root: URL {
        if let path = ProcessInfo.processInfo.environment["TILL_PEERS"], !path.isEmpty { return URL(fileURLWithPath: path) }
        return repositoryRoot.appendingPathComponent(".build/peers")
    }

    /// The venv's Python interpreter.
    public static var python: URL { root.appendingPathComponent("venv/bin/python") }

    /// Returns `url` if it exists, else throws an error telling how to install the peers.
    public static func require(_ url: URL, what: String) throws -> URL {
        guard FileManager.default.fileExists(atPath: url.path) else { throw MissingPeer(what: what, path: url.path) }
        return url
    }
}

/// A test peer is not installed.
public struct MissingPeer: Error, CustomStringConvertible {
    public let what: String
    public let path: String
    public init(what: String, path: String) {
        self.what = what
        self.path = path
    }
    public var description: String { "\(what) not found at \(path): run `bash .ci/test` (it installs the test peers)" }
}
