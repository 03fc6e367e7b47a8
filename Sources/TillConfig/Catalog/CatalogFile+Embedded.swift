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

    /// Loads the catalog a configuration names.
    public static func load(_ location: CatalogLocation) throws(ConfigFileError) -> Catalog {
        switch location {
        case .embeddedSample: return try sample()
        case .file(let path): return try load(path: path)
        }
    }
}

/// The documented example `till.toml` (`till config example`).
public enum ExampleConfig {
    /// Every key with a comment; loads without errors.
    public static var text: String { EmbeddedResources.text("till.example.toml") ?? "" }
}
