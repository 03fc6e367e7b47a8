import Testing
import TillCore
@testable import TillConfig

@Suite struct ThemeFileTests {
    @Test(arguments: ThemeFile.builtInNames)
    func shippedThemeValidatesAndMatchesTheEmbeddedCopy(name: String) throws {
        let theme = try ThemeFile.load(path: Repository.path("themes/\(name).toml"))
        #expect(theme.name == name)
        for role in ThemeFile.requiredRoles { #expect(theme.colors[role] != nil, "\(name) lacks \(role)") }
        #expect(ThemeFile.builtIn(name) == theme)
        #expect(EmbeddedResources.text("themes/\(name).toml") == (try Repository.text("themes/\(name).toml")))
    }

    @Test func colourForms() {
        #expect(ThemeFile.parseColor("red") == .standard(.red, bright: false))
        #expect(ThemeFile.parseColor("bright-cyan") == .standard(.cyan, bright: true))
        #expect(ThemeFile.parseColor("236") == .indexed(236))
        #expect(ThemeFile.parseColor("default") == .terminalDefault)
        #expect(ThemeFile.parseColor("256") == nil)
        #expect(ThemeFile.parseColor("bright-pink") == nil)
    }

    @Test func darkIsTheDefault() throws {
        #expect(try ThemeFile.resolve(nil, environment: [:]).name == "dark")
    }

    @Test func invalidThemeReportsEveryProblemWithLines() throws {
        let files = try TestFiles()
        let path = try files.write("bad.toml", """
            name = "bad"
            [roles]
            background = { fg = "white", bg = "black" }
            text = { fg = "chartreuse", bg = "black" }
            accent = { fg = 300, bg = "black" }
            sparkle = { fg = "red", bg = "black" }
            warning = { fg = "yellow" }
            """)
        do { _ = try ThemeFile.load(path: path); Issue.record("loaded") } catch {
            let issues = error.issues
            #expect(issues.contains { $0.line == 4 && $0.field == "roles.text.fg" && $0.problem.contains("unknown colour \"chartreuse\"") })
            #expect(issues.contains { $0.line == 5 && $0.field == "roles.accent.fg" && $0.problem.contains("0–255") })
            #expect(issues.contains { $0.line == 6 && $0.field == "roles.sparkle" && $0.problem.contains("unknown key") })
            #expect(issues.contains { $0.line == 7 && $0.field == "roles.warning.bg" && $0.problem.contains("missing") })
            #expect(issues.contains { $0.line == 2 && $0.field == "roles" && $0.problem.contains("success, error, selection, progress_bar") })
            #expect(issues.allSatisfy { $0.file == path })
        }
    }

    @Test func noColorWinsWhenNonEmpty() throws {
        let files = try TestFiles()
        let path = try files.write("custom.toml", try Repository.text("themes/light.toml"))
        #expect(try ThemeFile.resolve("high-contrast", environment: ["NO_COLOR": "1"]) == .noColor)
        #expect(try ThemeFile.resolve(path, environment: ["NO_COLOR": "yes"]) == .noColor)
        #expect(try ThemeFile.resolve("high-contrast", environment: ["NO_COLOR": ""]).name == "high-contrast")
        #expect(try ThemeFile.resolve(path, environment: [:]).name == "light")
    }

    @Test func unknownThemeNameIsAnError() {
        #expect(throws: ConfigFileError.self) { try ThemeFile.resolve("solarized", environment: [:]) }
    }
}
