import Foundation

/// Sends print jobs to one configured printer. Printing never blocks the caller's actor: the blocking I/O
/// runs on a Dispatch thread and the outcome comes back as a value the app shows and may retry.
public struct ReceiptPrinter: Sendable {
    public let configuration: PrinterConfiguration

    public init(_ configuration: PrinterConfiguration) {
        self.configuration = configuration
    }

    /// The bytes this printer receives for `job`: ESC/POS for devices and network printers, text for files.
    public func bytes(for job: PrintJob) -> [UInt8] {
        switch configuration.destination {
        case .device, .network: return job.escpos(codePage: configuration.codePage, printQR: configuration.printQR)
        case .textFile: return Array(job.plainText.utf8)
        }
    }

    /// Prints `job`; `.success` carries the number of bytes delivered.
    public func print(_ job: PrintJob) async -> Result<Int, PrinterError> {
        let payload = bytes(for: job)
        let configuration = configuration
        return await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(returning: ReceiptPrinter.deliver(payload, configuration))
            }
        }
    }

    private static func deliver(_ payload: [UInt8], _ configuration: PrinterConfiguration) -> Result<Int, PrinterError> {
        let name = configuration.name, timeout = max(1, configuration.timeoutSeconds)
        do throws(PrinterError) {
            switch configuration.destination {
            case .network(let host, let port):
                try PrinterIO.sendTCP(payload, printer: name, host: host, port: port, timeout: timeout)
            case .device(let path):
                try PrinterIO.writeFile(payload, printer: name, path: path, append: false, timeout: timeout)
            case .textFile(let path):
                try PrinterIO.writeFile(payload, printer: name, path: path, append: true, timeout: timeout)
            }
            return .success(payload.count)
        } catch {
            return .failure(error)
        }
    }
}
