import Testing
@testable import TillUI

@Suite struct KeyTests {
    @Test func namesForHelpAndControlKeys() {
        #expect(Key.character("q").name == "q")
        #expect(Key.character(" ").name == "Space")
        #expect(Key.function(5).name == "F5")
        #expect(Key.up.name == "↑")
        #expect(Key.control("c") == .character("\u{03}"))
        #expect(Key.control("1") == nil)
        #expect(Key.character("日") != Key.character("本"))
    }
}
