/// Why a print job did not reach the printer; `message` says what happened and what to check.
public enum PrinterError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Nothing listens at host:port (printer off, wrong port).
    case refused(printer: String, host: String, port: Int)
    /// The printer did not accept or finish the job in time.
    case timedOut(printer: String, target: String, seconds: Int)
    /// The host name does not resolve.
    case unknownHost(printer: String, host: String)
    /// The device file does not exist (printer unplugged, wrong path).
    case noSuchDevice(printer: String, path: String)
    /// The till's user may not write the device or file.
    case permissionDenied(printer: String, path: String)
    /// Any other system error, with the system's words.
    case ioFailed(printer: String, target: String, reason: String)

    public var message: String {
        switch self {
        case .refused(let name, let host, let port):
            return "printer \"\(name)\": \(host):\(port) refused the connection; check that the printer is on and the port is right"
        case .timedOut(let name, let target, let seconds):
            return "printer \"\(name)\": no answer from \(target) within \(seconds) s; check the network and the printer"
        case .unknownHost(let name, let host):
            return "printer \"\(name)\": the host name \"\(host)\" does not resolve; check `host` in till.toml"
        case .noSuchDevice(let name, let path):
            return "printer \"\(name)\": \(path) does not exist; is the printer plugged in and `path` right?"
        case .permissionDenied(let name, let path):
            return "printer \"\(name)\": no permission to write \(path); add the till's user to the group owning it (often `lp`)"
        case .ioFailed(let name, let target, let reason):
            return "printer \"\(name)\": writing to \(target) failed: \(reason)"
        }
    }

    public var description: String { message }
}
