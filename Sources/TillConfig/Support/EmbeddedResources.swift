import Foundation

/// Files shipped inside the TillConfig resource bundle: the example config, the sample catalog, the themes.
enum EmbeddedResources {
    /// The text of `Resources/<path>`, or nil when the bundle lacks it.
    static func text(_ path: String) -> String? {
        let url = Bundle.module.bundleURL.appendingPathComponent("Resources").appendingPathComponent(path)
        guard let data = FileManager.default.contents(atPath: url.path) else { return nil }
        return String(data: data, encoding: .utf8)
    }
}
