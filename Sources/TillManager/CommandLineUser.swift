import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Who runs a `till` command, for the audit log: the account name of the real user id. `$USER` is not asked:
/// anyone can set it (`USER=alice till sales export …`).
public enum CommandLineUser {
    /// The real uid's account name from the password database, or "uid <n>" when it has no entry.
    public static var name: String {
        let uid = getuid()
        var entry = passwd()
        var result: UnsafeMutablePointer<passwd>?
        var buffer = [CChar](repeating: 0, count: 4_096)
        if getpwuid_r(uid, &entry, &buffer, buffer.count, &result) == 0, let result, let name = result.pointee.pw_name {
            return String(cString: name)
        }
        return "uid \(uid)"
    }
}
