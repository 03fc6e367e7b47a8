import CZlib
import Foundation

/// How SQLite keeps a sale document: its JSON (`SaleCodec.encode`, byte for byte) deflated against a preset
/// dictionary, behind one format byte. Why: the JSON was 3.6 KB of the 5.2 KB a sale cost (issue 16); deflate alone
/// halves it, the dictionary (the keys and values every document repeats) brings it to about a sixth, and the bytes
/// inflate back to the very JSON, so nothing of the sale is lost or re-encoded. Documents written before migration
/// v8 are plain JSON (first byte `{`) and are read as they are.
public enum SaleDocument {
    /// The first byte of a format-1 document: raw deflate (no zlib header) against `dictionary1`.
    static let format1: UInt8 = 0x01
    /// The first byte of every plain JSON document.
    static let plainJSON = UInt8(ascii: "{")
    /// The largest JSON a stored document may inflate to: far above any sale, far below a damaged stream's harm.
    static let largestJSON = 16 << 20

    /// The stored form of a sale's JSON.
    public static func pack(json: Data) throws -> Data {
        var stream = z_stream()
        var status = deflateInit2_(&stream, 9, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION,
                                   Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else { throw SaleDocumentError.zlib(operation: "deflateInit2", status: status) }
        defer { deflateEnd(&stream) }
        status = dictionary1.withUnsafeBufferPointer { deflateSetDictionary(&stream, $0.baseAddress, uInt($0.count)) }
        guard status == Z_OK else { throw SaleDocumentError.zlib(operation: "deflateSetDictionary", status: status) }
        let bound = Int(deflateBound(&stream, uLong(json.count)))
        var packed = [UInt8](repeating: 0, count: 1 + bound)
        packed[0] = format1
        status = json.withUnsafeBytes { source in
            packed.withUnsafeMutableBufferPointer { target in
                stream.next_in = UnsafeMutablePointer(mutating: source.bindMemory(to: Bytef.self).baseAddress)
                stream.avail_in = uInt(source.count)
                stream.next_out = target.baseAddress! + 1
                stream.avail_out = uInt(bound)
                return deflate(&stream, Z_FINISH)
            }
        }
        guard status == Z_STREAM_END else { throw SaleDocumentError.zlib(operation: "deflate", status: status) }
        return Data(packed.prefix(1 + Int(stream.total_out)))
    }

    /// The JSON of a stored document, packed or plain.
    public static func json(stored: Data) throws -> Data {
        switch stored.first {
        case plainJSON: return stored
        case format1: return try inflated(stored.dropFirst())
        case let other: throw SaleDocumentError.unknownFormat(other)
        }
    }

    private static func inflated(_ packed: Data) throws -> Data {
        var stream = z_stream()
        var status = inflateInit2_(&stream, -MAX_WBITS, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else { throw SaleDocumentError.zlib(operation: "inflateInit2", status: status) }
        defer { inflateEnd(&stream) }
        // A raw stream takes its dictionary before the first inflate (no header asks for it).
        status = dictionary1.withUnsafeBufferPointer { inflateSetDictionary(&stream, $0.baseAddress, uInt($0.count)) }
        guard status == Z_OK else { throw SaleDocumentError.zlib(operation: "inflateSetDictionary", status: status) }
        var json = Data()
        var chunk = [UInt8](repeating: 0, count: max(4_096, packed.count * 8))
        try packed.withUnsafeBytes { source in
            stream.next_in = UnsafeMutablePointer(mutating: source.bindMemory(to: Bytef.self).baseAddress)
            stream.avail_in = uInt(source.count)
            repeat {
                status = chunk.withUnsafeMutableBufferPointer { target in
                    stream.next_out = target.baseAddress
                    stream.avail_out = uInt(target.count)
                    return inflate(&stream, Z_NO_FLUSH)
                }
                guard status == Z_OK || status == Z_STREAM_END else {
                    throw SaleDocumentError.zlib(operation: "inflate", status: status)
                }
                json.append(contentsOf: chunk.prefix(chunk.count - Int(stream.avail_out)))
                guard json.count <= largestJSON else { throw SaleDocumentError.tooLarge }
                // No progress and no end: the stream is cut short.
                if status == Z_OK && stream.avail_in == 0 && stream.avail_out > 0 {
                    throw SaleDocumentError.zlib(operation: "inflate (truncated)", status: Z_BUF_ERROR)
                }
            } while status != Z_STREAM_END
        }
        guard stream.avail_in == 0 else { throw SaleDocumentError.trailingBytes(Int(stream.avail_in)) }
        return json
    }
}

/// A stored sale document that cannot be turned back into its JSON.
public enum SaleDocumentError: Error, CustomStringConvertible, Equatable {
    case unknownFormat(UInt8?)
    case zlib(operation: String, status: Int32)
    case tooLarge
    case trailingBytes(Int)

    public var description: String {
        switch self {
        case .unknownFormat(let byte?): "unknown sale document format \(byte) (written by a newer till?)"
        case .unknownFormat(nil): "empty sale document"
        case .zlib(let operation, let status): "zlib \(operation) failed (\(status)): damaged sale document"
        case .tooLarge: "sale document inflates past \(SaleDocument.largestJSON >> 20) MiB: damaged"
        case .trailingBytes(let count): "\(count) bytes after the end of the sale document: damaged"
        }
    }
}
