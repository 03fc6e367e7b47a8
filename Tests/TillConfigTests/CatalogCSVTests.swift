import Testing
import TillCore
@testable import TillConfig

@Suite struct CatalogCSVTests {
    @Test func parserFollowsRFC4180() throws {
        let text = "a,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",\"two\nlines\"\r\n,,\n\"\",last,\n"
        let records = try CSVParser.parse(text)
        #expect(records.map(\.fields) == [["a", "b", "c"], ["x, y", "say \"hi\"", "two\nlines"], ["", "", ""], ["", "last", ""]])
        #expect(records.map(\.line) == [1, 2, 4, 5])
    }

    @Test func parserReportsUnterminatedQuoteAndStrayText() {
        #expect(throws: CSVParser.Failure.unterminatedQuote(line: 2)) { try CSVParser.parse("a,b\n1,\"open\n") }
        #expect(throws: CSVParser.Failure.textAfterQuote(line: 1, column: 2)) { try CSVParser.parse("a,\"b\"c\n") }
    }

    @Test func importsASpreadsheetExport() throws {
        let files = try TestFiles()
        let path = try files.write("products.csv", """
            \u{FEFF}ID,Name,Price,Category,Description,Tax_Rate,Barcode,Stock,Disabled\r
            LAP-14-PRO,"Aurora 14 Pro Laptop","1,299.00",Laptops,"14"" display, 16 GB",8.25,2000000010007,4,\r
            CAF-ESP,Espresso,2.80,Café,"Double shot
            with a glass of water",,,,no\r
            OLD-1,Old thing,5,Misc,,,,0,yes\r

            """)
        let catalog = try CatalogCSV.load(path: path, currency: .usd)
        #expect(catalog.products.count == 3)
        let laptop = try #require(catalog.product(id: "LAP-14-PRO"))
        #expect(laptop.price.minor == 129_900 && laptop.description == "14\" display, 16 GB" && laptop.stock == 4)
        #expect(catalog.product(scanned: "2000000010007")?.id == "LAP-14-PRO")
        #expect(catalog.product(id: "CAF-ESP")?.description == "Double shot with a glass of water")
        #expect(catalog.product(id: "OLD-1")?.disabled == true && catalog.product(id: "OLD-1")?.price.minor == 500)
    }

    @Test func unknownColumnIsAnErrorListingTheKnownOnes() throws {
        let files = try TestFiles()
        let path = try files.write("p.csv", "id,name,price,colour\nA,One,1.00,red\n")
        do { _ = try CatalogCSV.load(path: path, currency: .usd); Issue.record("loaded") } catch {
            #expect(error.issues.count == 1)
            let issue = error.issues[0]
            #expect(issue.file == path && issue.line == 1 && issue.field == "column 4")
            #expect(issue.problem.contains("\"colour\"") && issue.problem.contains(CatalogCSV.knownColumns.joined(separator: ", ")))
        }
    }

    @Test func rowErrorsNameFileLineAndColumn() throws {
        let files = try TestFiles()
        let path = try files.write("p.csv", "id,name,price,stock\nA,One,1.00,3\n\"B\",\"Two\nlong\",1.005,1\nA,Three,3.00,x\nC,,4.00,\n")
        do { _ = try CatalogCSV.load(path: path, currency: .usd); Issue.record("loaded") } catch {
            let found = error.issues.map { "\($0.line ?? 0)|\($0.field ?? "")" }
            #expect(found.contains("3|column price (3)"))
            #expect(found.contains("5|column stock (4)"))
            #expect(found.contains("6|column name (2)"))
            #expect(error.issues.allSatisfy { $0.file == path })
            #expect(error.message.contains("p.csv:3: column price (3):"))
        }
        let duplicate = try files.write("d.csv", "id,name,price\nA,One,1.00\nA,Two,2.00\n")
        do { _ = try CatalogCSV.load(path: duplicate, currency: .usd); Issue.record("loaded") } catch {
            #expect(error.issues.map(\.line) == [3])
            #expect(error.issues[0].problem.contains("first used on line 2"))
        }
    }

    @Test func missingRequiredColumnAndEmptyFile() throws {
        #expect(throws: ConfigFileError.self) { try CatalogCSV.parse(text: "id,name\nA,One\n", file: "f.csv", currency: .usd) }
        #expect(throws: ConfigFileError.self) { try CatalogCSV.parse(text: "", file: "f.csv", currency: .usd) }
    }

    @Test func roundTripThroughCSVAndTOML() throws {
        let sample = try CatalogFile.sample()
        let fromCSV = try CatalogCSV.parse(text: CatalogCSV.export(sample), file: "export.csv", currency: .usd)
        #expect(fromCSV == sample)
        let files = try TestFiles()
        let tomlPath = try files.write("imported.toml", CatalogFile.render(fromCSV))
        #expect(try CatalogFile.load(path: tomlPath) == sample)
    }
}
