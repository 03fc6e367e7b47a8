import Foundation
import TillCore
#if canImport(Glibc)
import Glibc
#endif

/// The per-install secret: 32 random bytes in `<data>/till.key` (0600), created on first run, never in the database.
/// PIN hashes and the audit chain are keyed with it, so a copied database alone neither gives PINs away to an
/// offline search nor lets anyone re-hash an edited audit log.
public struct InstallSecret: Sendable, Hashable {
    /// The key file's name in the data directory.
    public static let fileName = "till.key"

    /// The key (32 bytes).
    public let bytes: [UInt8]
    /// The folder the key file is in (the data directory); the audit head anchor lives there too.
    public let directory: String

    public init(bytes: [UInt8], directory: String) {
        self.bytes = bytes
        self.directory = directory
    }

    /// The key in `directory`, created (0600, 32 bytes from the system's random source) when missing. Two processes
    /// starting together agree: the complete key is linked into place and the loser reads the winner's key.
    public static func loadOrCreate(directory: String) throws -> InstallSecret {
        let path = (directory as NSString).appendingPathComponent(fileName)
        if let existing = try read(path) { return InstallSecret(bytes: existing, directory: directory) }
        try PrivateFiles.directory(directory)
        var generator = SystemRandomNumberGenerator()
        let fresh = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        // Written whole under a temporary name, then linked into place: `link` fails if the key exists, so two
        // processes starting together never see a half-written key, and the loser reads the winner's.
        let temporary = path + ".tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, PrivateFiles.fileMode)
        guard fd >= 0 else { throw failure("cannot create \(temporary)") }
        defer { unlink(temporary) }
        let text = Array((Hex.encode(fresh) + "\n").utf8)
        let ok = fchmod(fd, PrivateFiles.fileMode) == 0 && text.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) } == text.count
            && fsync(fd) == 0
        close(fd)
        guard ok else { throw failure("cannot write \(temporary)") }
        if link(temporary, path) != 0 {
            guard errno == EEXIST, let existing = try read(path) else { throw failure("cannot create \(path)") }
            return InstallSecret(bytes: existing, directory: directory)
        }
        return InstallSecret(bytes: fresh, directory: directory)
    }

    private static func read(_ path: String) throws -> [UInt8]? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        PrivateFiles.tighten(path)
        guard let data = FileManager.default.contents(atPath: path),
              let bytes = Hex.decode(String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)),
              bytes.count == 32 else {
            throw NSError(domain: "till", code: 1, userInfo: [NSLocalizedDescriptionKey:
                "\(path) is not a till key (64 hex digits); restore it from your backup. Without it PINs cannot be "
                + "checked and the audit log cannot be verified"])
        }
        return bytes
    }

    private static func failure(_ what: String) -> NSError {
        let code = errno
        return NSError(domain: NSPOSIXErrorDomain, code: Int(code),
                       userInfo: [NSLocalizedDescriptionKey: "\(what): \(String(cString: strerror(code)))"])
    }
}
