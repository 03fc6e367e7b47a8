import Crypto
import Foundation
import TillCore

/// The last catalog that passed every check, kept in the data directory as compact binary so a start does not parse
/// unchanged TOML again. The TOML is read again when its size or modification time changed and its SHA-256 differs
/// from the checked one's; then every check runs, so errors still name file, line and field.
public struct CatalogCache: Sendable {
    /// The cache file (`<data_dir>/catalog.cache`).
    public let path: String

    /// Raise when the checks or the stored fields change: every older cache is then read as missing.
    static let formatVersion: UInt32 = 3
    private static let magic = Array("TILLCAT\u{1}".utf8)
    /// A file modified this close to the moment its copy was written may change again unseen within one timestamp tick.
    private static let racyNanoseconds: Int64 = 2_000_000_000

    public init(directory: String) { path = directory + "/catalog.cache" }

    /// Where the answer came from, for the log and the benchmarks.
    public enum Source: String, Sendable { case cache, checkedAgain = "toml", embedded }

    /// A catalog, where it came from, and a fingerprint of its content (the store skips rewriting an unchanged one).
    public struct Loaded: Sendable {
        public let catalog: Catalog
        public let source: Source
        /// Changes whenever the catalog's file content or the checks change.
        public let fingerprint: String

        init(_ catalog: Catalog, _ source: Source, digest: [UInt8]) {
            self.catalog = catalog
            self.source = source
            fingerprint = "v\(CatalogCache.formatVersion)-" + digest.map { String($0, radix: 16).leftPadded(2) }.joined()
        }
    }

    /// The catalog at `file`: from the cache while the file is unchanged, else parsed, checked and cached.
    /// `progress` hears what takes long (a changed large file); nothing is written when the directory is missing.
    public func load(file: String, progress: ((String) -> Void)? = nil) throws(ConfigFileError) -> Loaded {
        let stamp = FileStamp(path: file)
        let stored = StoredCatalog(path: path)
        if let stamp, let stored, stored.source == file, stored.size == stamp.size, stored.modified == stamp.modified,
           stored.modified + Self.racyNanoseconds < stored.written, let catalog = stored.catalog() {
            return Loaded(catalog, .cache, digest: stored.digest)
        }
        let data = try CatalogFile.readData(file)
        let digest = Array(SHA256.hash(data: data))
        if let stored, stored.source == file, stored.digest == digest, let catalog = stored.catalog() {
            if let stamp { write(catalog, file: file, stamp: stamp, digest: digest) }
            return Loaded(catalog, .cache, digest: digest)
        }
        if data.count >= 1_000_000 {
            progress?("reading \(file) (\(data.count / 1_000_000) MB) changed since the last start: checking every product once")
        }
        let catalog = try CatalogFile.parse(text: try CatalogFile.decodeText(data, file: file), file: file, progress: progress)
        if let stamp { write(catalog, file: file, stamp: stamp, digest: digest) }
        return Loaded(catalog, .checkedAgain, digest: digest)
    }

    /// Writes atomically (a temporary file renamed over the old one); a failure only costs the next start a parse.
    func write(_ catalog: Catalog, file: String, stamp: FileStamp, digest: [UInt8]) {
        var out = ByteWriter()
        out.bytes(Self.magic)
        out.u32(Self.formatVersion)
        out.i64(Int64(stamp.size))
        out.i64(stamp.modified)
        out.i64(FileStamp.nowNanoseconds())
        out.bytes(digest)
        out.string(file)
        out.string(catalog.currency.code)
        CatalogCacheProducts.write(catalog.products, to: &out)
        out.bytes(Self.magic)
        let temporary = path + ".tmp-\(getpid())"
        guard FileManager.default.createFile(atPath: temporary, contents: Data(out.buffer)) else { return }
        if rename(temporary, path) != 0 { unlink(temporary) }
    }

    /// The header and products of a cache file; nil when it is missing, of another version, or damaged.
    struct StoredCatalog {
        let source: String
        let size: Int64
        let modified: Int64
        let written: Int64
        let digest: [UInt8]
        let currency: String
        private let file: MappedFile
        private let productsOffset: Int

        init?(path: String) {
            guard let file = MappedFile(path: path) else { return nil }
            var reader = ByteReader(file.bytes)
            guard reader.bytes(CatalogCache.magic.count) == CatalogCache.magic, reader.u32() == CatalogCache.formatVersion,
                  let size = reader.i64(), let modified = reader.i64(), let written = reader.i64(),
                  let digest = reader.bytes(32), let source = reader.string(), let currency = reader.string()
            else { return nil }
            (self.source, self.size, self.modified, self.written, self.digest, self.currency) = (source, size, modified, written, digest, currency)
            productsOffset = reader.offset
            self.file = file
        }

        /// The stored products, read in place; nil when any record is out of bounds or unreadable (then the TOML is parsed).
        func catalog() -> Catalog? {
            guard let currency = FiatCurrency.named(currency) else { return nil }
            let end = file.bytes.count - CatalogCache.magic.count
            guard end >= productsOffset, Array(file.bytes[end...]) == CatalogCache.magic,
                  let products = MappedProducts(file: file, from: productsOffset, to: end, currency: currency)
            else { return nil }
            return Catalog(currency: currency, table: ProductTable(source: products))
        }
    }
}

/// A file mapped read-only: its pages come from the page cache as they are read, with no copy into fresh memory.
/// The cache is replaced by rename, never rewritten in place, so a mapped copy cannot change underneath; the
/// catalog's products are read from it for as long as the till runs.
final class MappedFile: @unchecked Sendable {
    private let base: UnsafeMutableRawPointer
    private let count: Int

    init?(path: String) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0, info.st_size > 0,
              let mapped = mmap(nil, Int(info.st_size), PROT_READ, MAP_PRIVATE, descriptor, 0),
              mapped != UnsafeMutableRawPointer(bitPattern: -1)  // MAP_FAILED
        else { return nil }
        base = mapped
        count = Int(info.st_size)
    }

    deinit { munmap(base, count) }

    /// The mapped bytes; valid while this object lives.
    var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: count) }
}

/// Size and modification time (nanoseconds since 1970) of a file.
struct FileStamp {
    let size: Int64
    let modified: Int64

    init?(path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        size = Int64(info.st_size)
        #if canImport(Darwin)
        modified = Int64(info.st_mtimespec.tv_sec) * 1_000_000_000 + Int64(info.st_mtimespec.tv_nsec)
        #else
        modified = Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
        #endif
    }

    static func nowNanoseconds() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return Int64(now.tv_sec) * 1_000_000_000 + Int64(now.tv_nsec)
    }
}

extension String {
    /// The text with `width - count` zeros in front.
    fileprivate func leftPadded(_ width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
