import Foundation
import Logging

/// swift-log's handler for `till.log`: one line per event (`2026-11-25T13:04:58Z info message key=value`), untrusted
/// text escaped (`UntrustedText`), never the screen. Level filtering is swift-log's (`logLevel`).
struct TillLogHandler: LogHandler {
    var logLevel: Logger.Level
    var metadata: Logger.Metadata = [:]
    var metadataProvider: Logger.MetadataProvider?
    let file: RotatingLogFile

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var text = event.message.description
        let merged = metadata.merging(metadataProvider?.get() ?? [:]) { $1 }.merging(event.metadata ?? [:]) { $1 }
        if !merged.isEmpty { text += " " + merged.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ") }
        file.append(FileLog.line(event.level.rawValue, text))
    }
}
