import Testing
import TillTestSupport
@testable import TillUI

/// Render to half blocks, decode the text with zbarimg: the chain without a terminal.
@Suite struct QRDecodeTests {
    @Test(arguments: [Payloads.bip21Upper, Payloads.bip21Full, Payloads.eip681])
    func halfBlockLinesDecodeToThePayload(payload: String) throws {
        let lines = try QRCode(payload).halfBlockLines
        #expect(try QRScreenDecoder.decode(lines: lines) == payload)
    }

    @Test func qrDrawnOnACanvasAmongTextDecodes() throws {
        let code = try QRCode(Payloads.eip681)
        var canvas = Canvas(width: 100, height: 34)
        canvas.box(canvas.bounds, title: "Payment")
        canvas.write("Pay 12.50 USDC on Ethereum", x: 2, y: 1, style: .plain.bolded)
        canvas.drawQR(code, x: 20, y: 3)
        canvas.write("do not send to the token contract", x: 2, y: 33)
        #expect(try QRScreenDecoder.decode(screen: canvas.text) == Payloads.eip681)
        // Every QR cell carries the fixed QR style, quiet zone included.
        #expect(canvas[20, 3].style == .qr && canvas[20 + 56, 3 + 28].style == .qr)
        #expect(canvas[19, 3].style != .qr)
    }

    /// Negative control: top and bottom halves swapped means a mirrored-in-pairs matrix that cannot decode.
    @Test func swappedHalfBlocksDoNotDecode() throws {
        let swapped = try QRCode(Payloads.bip21Upper).halfBlockLines.map { line in
            String(line.map { $0 == "▀" ? "▄" : $0 == "▄" ? "▀" : $0 })
        }
        #expect(try QRScreenDecoder.decode(lines: swapped) == nil)
    }

    /// Negative control: one module row per text row (every second module row dropped) cannot decode.
    @Test func droppingEverySecondModuleRowDoesNotDecode() throws {
        let topOnly = try QRCode(Payloads.bip21Upper).halfBlockLines.map { line in
            String(line.map { $0 == "█" || $0 == "▀" ? "█" : " " })
        }
        #expect(try QRScreenDecoder.decode(lines: topOnly) == nil)
    }

    /// Negative control: the decoder really reads the picture (a blank screen has no symbol).
    @Test func blankScreenHasNoSymbol() throws {
        #expect(try QRScreenDecoder.decode(screen: Canvas(width: 80, height: 24).text) == nil)
    }
}
