import Testing
import TillCore
@testable import TillConfig

/// Issue 13.2: catalog text reaches receipts and screens, so control and bidi/format characters are refused
/// with the file, line and field, in TOML and in CSV import alike.
@Suite struct CatalogControlTests {
    static let hostile: [(String, String)] = [
        ("\\u001Bp\\u0000\\u0019", "U+001B (ESC)"),      // ESC p: opens the cash drawer
        ("\\u001DVA\\u0003", "U+001D"),                // GS V: cuts the paper
        ("\\u0085", "U+0085"),                         // C1 NEL
        ("\\u007F", "U+007F"),
        ("\\u202E", "bidi control U+202E"),
        ("\\u2066", "bidi control U+2066"),
        ("\\u200B", "zero-width character U+200B"),
        ("\\uFEFF", "zero-width character U+FEFF"),
    ]

    private func tomlIssues(_ text: String) throws -> [ConfigIssue] {
        let files = try TestFiles()
        let path = try files.write("shop.toml", text)
        do { _ = try CatalogFile.load(path: path); Issue.record("loaded a catalog with control characters"); return [] }
        catch { return error.issues }
    }

    @Test(arguments: hostile.indices)
    func tomlFieldsRefuseControlAndFormatCharacters(index: Int) throws {
        let (escape, named) = Self.hostile[index]
        let text = "currency = \"USD\"\n\n[[product]]\nid = \"MUG\"\nname = \"Mug\(escape) large\"\nprice = \"5.00\"\n"
            + "\n[[product]]\nid = \"TEA\"\nname = \"Tea\"\nprice = \"2.00\"\ncategory = \"Drinks\(escape)\"\n"
        let found = try tomlIssues(text)
        #expect(found.count == 2)
        #expect(found.first?.line == 5 && found.first?.field == "product[0].name")
        #expect(found.first?.problem.contains(named) == true, "\(found.first?.problem ?? "")")
        #expect(found.last?.line == 12 && found.last?.field == "product[1].category")
        // The message itself never carries the raw character.
        for issue in found { #expect(UntrustedText.isClean(issue.message)) }
    }

    @Test func idsBarcodesAndDescriptionsAreCheckedToo() throws {
        let text = "currency = \"USD\"\n\n[[product]]\nid = \"M\\u001BUG\"\nname = \"Mug\"\nprice = \"5.00\"\n"
            + "description = \"a\\u202Eb\"\nbarcode = \"1234\\u200D\"\n"
        let fields = Set(try tomlIssues(text).compactMap(\.field))
        #expect(fields == ["product[0].id", "product[0].description", "product[0].barcode"])
    }

    @Test func csvImportRefusesThemWithLineAndColumn() throws {
        let files = try TestFiles()
        let path = try files.write("shop.csv", "id,name,price\nMUG,Mug,5.00\nTEA,\"Tea\u{1B}p0\u{1D}VA\",2.00\nCUP,Cup\u{202E}00.1,1.00\n")
        do { _ = try CatalogCSV.load(path: path, currency: .usd); Issue.record("imported control characters") } catch {
            #expect(error.issues.map(\.line) == [3, 4])
            #expect(error.issues.map(\.field) == ["column name (2)", "column name (2)"])
            #expect(error.issues[0].problem.contains("U+001B (ESC) at character 4"))
            #expect(error.issues[1].problem.contains("U+202E"))
            #expect(UntrustedText.isClean(error.message.replacingOccurrences(of: "\n", with: " ")))
        }
    }

    @Test func ordinaryTextStillLoads() throws {
        let text = "currency = \"USD\"\n\n[[product]]\nid = \"CAF\"\nname = \"Café crème — 日本 ☕️\"\nprice = \"5.00\"\n"
        let files = try TestFiles()
        let catalog = try CatalogFile.load(path: try files.write("ok.toml", text))
        #expect(catalog.products.first?.name == "Café crème — 日本 ☕️")
    }

    @Test func configIssuesEscapeWhatTheFileHeld() {
        let issue = ConfigIssue(file: "p.csv", line: 1, field: "column 4", problem: "unknown column \"a\u{1B}[2Jb\nc\"")
        #expect(issue.message == "p.csv:1: column 4: unknown column \"a\\u{001B}[2Jb\\nc\"")
    }
}
