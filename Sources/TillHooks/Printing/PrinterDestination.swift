/// Where a printer's bytes go.
public enum PrinterDestination: Sendable, Hashable {
    /// A device file such as /dev/usb/lp0, opened for writing.
    case device(path: String)
    /// Raw TCP ("JetDirect"), usually port 9100.
    case network(host: String, port: Int)
    /// Plain text appended to a file (no ESC/POS codes).
    case textFile(path: String)

    /// "host:port" or the path, for messages.
    public var target: String {
        switch self {
        case .device(let path), .textFile(let path): return path
        case .network(let host, let port): return "\(host):\(port)"
        }
    }
}

/// A configured receipt printer (the lead maps `PrinterSettings` onto this).
public struct PrinterConfiguration: Sendable, Hashable {
    public var name: String
    public var destination: PrinterDestination
    /// Characters per line: 32 for 58 mm paper, 42 or 48 for 80 mm.
    public var columns: Int
    public var codePage: PrinterCodePage
    /// Print the payment QR code (GS ( k); off for printers without QR support.
    public var printQR: Bool
    /// Seconds to connect and to write.
    public var timeoutSeconds: Int

    public init(name: String, destination: PrinterDestination, columns: Int = 42, codePage: PrinterCodePage = .cp858,
                printQR: Bool = true, timeoutSeconds: Int = 5) {
        self.name = name
        self.destination = destination
        self.columns = columns
        self.codePage = codePage
        self.printQR = printQR
        self.timeoutSeconds = timeoutSeconds
    }
}
