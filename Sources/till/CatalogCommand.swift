import ArgumentParser
import Foundation
import TillConfig
import TillCore

struct CatalogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "catalog", abstract: "Work with catalog files.",
                                                    subcommands: [Import.self])

    /// Converts a spreadsheet export to catalog TOML; nothing is written when any row is bad.
    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Convert a CSV file (header: id,name,price,…) to catalog TOML.",
            discussion: """
                Nothing is written when any row is bad; with -o the file (mode 600) appears only once it is complete.

                Examples:
                  till catalog import shop.csv -o catalog/shop.toml
                  till catalog import prices.csv --currency EUR
                """)
        @Argument(help: "The CSV file.") var file: String
        @Option(help: "Shop currency of the prices (ISO 4217).") var currency = "USD"
        @Option(name: .shortAndLong, help: "Write the TOML here instead of standard output.") var output: String?

        func validate() throws {
            guard FiatCurrency.named(currency) != nil else { throw ValidationError("unknown currency \(currency)") }
        }

        func run() throws {
            guard let fiat = FiatCurrency.named(currency) else { throw ValidationError("unknown currency \(currency)") }
            let catalog: Catalog
            do { catalog = try CatalogCSV.load(path: file, currency: fiat) } catch { throw CommandFailure(error.message) }
            let text = CatalogFile.render(catalog)
            if let output {
                let destination = try OutputFile(output)
                try destination.write(text)
                try destination.commit()
            } else {
                print(text, terminator: "")
            }
            FileHandle.standardError.write(Data("imported \(catalog.products.count) products from \(file)\n".utf8))
        }
    }
}
