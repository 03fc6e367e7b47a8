import ArgumentParser
import Foundation
import TillConfig
import TillCore

struct CatalogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "catalog", abstract: "Work with catalog files.",
                                                    subcommands: [Import.self])

    /// Converts a spreadsheet export to catalog TOML; nothing is written when any row is bad.
    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Convert a CSV file (header: id,name,price,…) to catalog TOML.")
        @Argument(help: "The CSV file.") var file: String
        @Option(help: "Shop currency of the prices (ISO 4217).") var currency = "USD"
        @Option(name: .shortAndLong, help: "Write the TOML here instead of standard output.") var output: String?

        func run() throws {
            guard let fiat = FiatCurrency.named(currency) else { throw ValidationError("unknown currency \(currency)") }
            do {
                let catalog = try CatalogCSV.load(path: file, currency: fiat)
                let text = CatalogFile.render(catalog)
                if let output { try Data(text.utf8).write(to: URL(fileURLWithPath: output)) } else { print(text, terminator: "") }
                FileHandle.standardError.write(Data("imported \(catalog.products.count) products from \(file)\n".utf8))
            } catch let error as ConfigFileError {
                throw ValidationError(error.message)
            }
        }
    }
}
