import Testing
import TillCore
@testable import TillUI

@Suite struct CanvasTests {
    @Test func boxWithTitleCentredTextAndProgressBar() {
        var canvas = Canvas(width: 24, height: 6)
        canvas.box(canvas.bounds, title: "Pay")
        canvas.writeCentered("3/6 confirmations", y: 2)
        canvas.progressBar(x: 2, y: 3, width: 20, done: 3, total: 6)
        canvas.write("PAID", x: 2, y: 4, style: CellStyle(role: .success).bolded)
        #expect(canvas.text == """
            ┌─ Pay ────────────────┐
            │                      │
            │  3/6 confirmations   │
            │ ██████████░░░░░░░░░░ │
            │ PAID                 │
            └──────────────────────┘
            """)
        #expect(canvas[2, 4].style.role == .success && canvas[2, 4].style.bold)
        #expect(canvas[2, 3].style.role == .progressBar && canvas[12, 3].style.role == .muted)
    }

    @Test func progressBarUsesEighthsAndClamps() {
        var canvas = Canvas(width: 4, height: 3)
        canvas.progressBar(x: 0, y: 0, width: 4, done: 1, total: 3)   // 32/3 = 10 eighths: one full, ▎
        canvas.progressBar(x: 0, y: 1, width: 4, done: 9, total: 6)   // over: full
        canvas.progressBar(x: 0, y: 2, width: 4, done: -2, total: 0)  // under, zero total: empty
        #expect(canvas.lines == ["█▎░░", "████", "░░░░"])
    }

    @Test func textIsClippedAtEdgesAndMaxWidth() {
        var canvas = Canvas(width: 10, height: 2)
        #expect(canvas.write("abcdefghijkl", x: 4, y: 0) == 6)
        #expect(canvas.write("abcdef", x: -3, y: 1, maxWidth: 5) == 5)
        canvas.write("ignored", x: 0, y: 2)
        canvas.write("ignored", x: 0, y: -1)
        #expect(canvas.lines == ["    abcdef", "de"])
    }

    @Test func wideGraphemesTakeTwoColumnsAndAreNeverCutInHalf() {
        var canvas = Canvas(width: 7, height: 3)
        #expect(canvas.write("日本x", x: 0, y: 0) == 5)
        canvas.write("日本", x: 4, y: 1)          // the second one does not fit: a space instead
        canvas.write("日本語", x: 0, y: 2)
        canvas.write("a", x: 1, y: 2)             // overwrites the right half of 日
        #expect(canvas.lines == ["日本x", "    日", " a本語"])
        #expect(canvas[1, 0].isContinuation)
        #expect(DisplayWidth.of("€ café 🙂") == 9)
    }

    @Test func fillAndLinesAndBlitClip() {
        var canvas = Canvas(width: 8, height: 4)
        canvas.fill(Rect(x: 6, y: 2, width: 10, height: 10), with: "#")
        canvas.horizontalLine(x: 0, y: 0, length: 3, lineStyle: .double)
        canvas.verticalLine(x: 0, y: 1, length: 9, lineStyle: .heavy)
        var inner = Canvas(width: 3, height: 2, fill: Cell("·"))
        inner.write("ok", x: 0, y: 0)
        canvas.draw(inner, x: 3, y: 1)
        #expect(canvas.lines == ["═══", "┃  ok·", "┃  ···##", "┃     ##"])
    }

    @Test func roundedBoxTooSmallForTitleStillFrames() {
        var canvas = Canvas(width: 4, height: 3)
        canvas.box(canvas.bounds, lineStyle: .rounded, title: "long title")
        #expect(canvas.lines == ["╭──╮", "│  │", "╰──╯"])
    }

    @Test func qrStyleIgnoresThemeRoleAndIsDistinct() {
        #expect(CellStyle.qr.isQR && !CellStyle.plain.isQR)
        #expect(CellStyle.qr != CellStyle(role: .text))
    }
}

/// Issue 13.3: the canvas drops C0/C1 and also bidi, zero-width and other format characters, so a product name
/// cannot reorder or shift the price column.
@Suite struct CanvasUntrustedTextTests {
    @Test func bidiOverridesAndZeroWidthCharactersTakeNoColumnAndNeverReachACell() {
        var canvas = Canvas(width: 12, height: 1)
        let advanced = canvas.write("Mug\u{202E}\u{2066}\u{200B}\u{FEFF}\u{1B}\u{9B}", x: 0, y: 0)
        canvas.write("5.00", x: advanced + 1, y: 0)
        #expect(advanced == 3)
        #expect(canvas.lines == ["Mug 5.00"])
        #expect(DisplayWidth.of("A\u{202E}B\u{2069}C") == 3)
        for cell in canvas.cells { #expect(UntrustedText.isClean(String(cell.grapheme))) }
    }

    @Test func aJoinerRidingOnALetterIsDropped() {
        var canvas = Canvas(width: 4, height: 1)
        canvas.write("a\u{200D}b", x: 0, y: 0)
        #expect(canvas.lines == ["ab"])
        #expect(canvas.cells.allSatisfy { UntrustedText.isClean(String($0.grapheme)) })
    }
}
