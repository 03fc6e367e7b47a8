import Crypto
import Foundation
import TillCore

extension CatalogFile {
    /// Name used for the built-in sample in messages.
    public static let sampleName = "<built-in sample catalog>"

    /// The text of the sample shop shipped with Till (the same as catalog/sample.toml).
    public static var sampleText: String { EmbeddedResources.text("sample-catalog.toml") ?? "" }

    /// The sample shop: a computer shop with a café corner.
    public static func sample() throws(ConfigFileError) -> Catalog {
        try parse(text: sampleText, file: sampleName)
    }

    /// Loads the catalog a configuration names; with a `cacheDirectory` an unchanged file is read from
    /// `CatalogCache` instead of being parsed and checked again.
    public static func load(_ location: CatalogLocation, cacheDirectory: String? = nil,
                            progress: ((String) -> Void)? = nil) throws(ConfigFileError) -> Catalog {
        switch location {
        case .embeddedSample: return try sample()
        case .file(let path):
            guard let cacheDirectory else { return try load(path: path) }
            return try CatalogCache(directory: cacheDirectory).load(file: path, progress: progress).catalog
        }
    }

    /// What the till starts with: the catalog (an unchanged file from `CatalogCache` in `dataDirectory`) and its fingerprint.
    public static func loadForTill(_ location: CatalogLocation, dataDirectory: String,
                                   progress: ((String) -> Void)? = nil) throws(ConfigFileError) -> CatalogCache.Loaded {
        switch location {
        case .embeddedSample:
            return CatalogCache.Loaded(try sample(), .embedded, digest: Array(SHA256.hash(data: Data(sampleText.utf8))))
        case .file(let path):
            return try CatalogCache(directory: dataDirectory).load(file: path, progress: progress)
        }
    }
}

/// The documented example `till.toml` (`till config example`).
public enum ExampleConfig {
    /// Every key with a comment; loads without errors.
    public static var text: String { EmbeddedResources.text("till.example.toml") ?? "" }
}
