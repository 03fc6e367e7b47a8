import TillCore
import TillUI

/// QR encode and render, and drawing a full 120×40 frame to text: the per-frame costs of the screen.
func runUIBench() async throws {
    let bip21 = "BITCOIN:BC1QCR8TE4KR609GCAWUTMRZA0J4XV80JY8Z306FYU?amount=0.00123456&label=Cafe&message=Order%2042"
    let eip681 = "ethereum:0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48@1/transfer?address="
        + "0x9858effd232b4033e47d90003d41ec34ecaeda94&uint256=12.5e6"
    for (name, payload) in [("bip21", bip21), ("eip681", eip681)] {
        let code = try QRCode(payload)
        let timings = try measure(iterations: 500) {
            var canvas = Canvas(size: code.textSize)
            canvas.drawQR(try QRCode(payload), x: 0, y: 0)
            return canvas.cells.count
        }
        print("ui: qr_\(name)_encode_render (v\(code.version), \(code.textSize)) = \(timings)")
    }
    let code = try QRCode(bip21)
    let draw = measure(iterations: 500) { paymentLikeFrame(code: code).cells.count }
    print("ui: canvas_frame_120x40_draw = \(draw)")
    let frame = paymentLikeFrame(code: code)
    let text = measure(iterations: 500) { frame.text.utf8.count }
    print("ui: canvas_frame_120x40_to_text = \(text)")
}

/// A frame shaped like the payment screen: status bar, box, text lines, progress bar and a QR.
private func paymentLikeFrame(code: QRCode) -> Canvas {
    var canvas = Canvas(width: 120, height: 40)
    canvas.fill(Rect(x: 0, y: 0, width: 120, height: 1), style: CellStyle(role: .statusBar))
    canvas.write(" Café Till · cashier anna · 12:34 · BTC online · rate 12 s", x: 0, y: 0, style: CellStyle(role: .statusBar))
    canvas.box(Rect(x: 0, y: 1, width: 120, height: 39), title: "Payment")
    for line in 0..<24 {
        canvas.write("Line \(line): 0.00123456 BTC · 12,34 € · bc1q cr8t e4kr 609g", x: 3, y: 3 + line)
    }
    canvas.progressBar(x: 3, y: 30, width: 50, done: 3, total: 6)
    canvas.writeCentered("3/6 confirmations", y: 31, in: Rect(x: 0, y: 0, width: 60, height: 1))
    canvas.drawQR(code, x: 120 - code.textSize.columns - 2, y: 3)
    return canvas
}

/// Median and 99th percentile of `iterations` runs of `body`, in microseconds (integer arithmetic).
private func measure(iterations: Int, _ body: () throws -> Int) rethrows -> String {
    var sink = 0
    var samples: [Int64] = []
    samples.reserveCapacity(iterations)
    let clock = ContinuousClock()
    for _ in 0..<iterations {
        let start = clock.now
        sink &+= try body()
        let elapsed = clock.now - start
        samples.append(elapsed.components.seconds * 1_000_000_000 + elapsed.components.attoseconds / 1_000_000_000)
    }
    samples.sort()
    func micros(_ nanos: Int64) -> String {
        let fraction = String(nanos % 1000)
        return "\(nanos / 1000)." + String(repeating: "0", count: 3 - fraction.count) + fraction
    }
    let median = samples[samples.count / 2], p99 = samples[samples.count * 99 / 100]
    return "\(micros(median)) µs median, \(micros(p99)) µs p99" + (sink == 42 ? " " : "")
}
