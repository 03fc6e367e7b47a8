import Foundation

/// Decodes a QR module matrix drawn the way a terminal shows it: the symbol, its light quiet zone of a given
/// width, and around that the terminal's own background (dark for the dark themes, light for the light one),
/// photographed clean or through a soft, noisy "camera". Used to choose quiet zones and error-correction
/// levels by measurement rather than by guess.
public enum QRImageProbe {
    /// What lies outside the light quiet zone on screen.
    public enum Surround: String, CaseIterable, Sendable { case dark, light }

    /// How the picture is taken.
    public enum Camera: String, CaseIterable, Sendable {
        /// 8 pixels per module, perfect black and white.
        case clean
        /// 4 pixels per module, a 3×3 box blur, grey levels 40/215 and ±24 of deterministic noise.
        case soft
    }

    /// `modules` is the symbol only (no quiet zone), row-major, true = dark. Returns the decoded text or nil.
    public static func decode(symbol modules: [[Bool]], quietZone: Int, surround: Surround, camera: Camera) throws -> String? {
        let image = picture(symbol: modules, quietZone: quietZone, surround: surround, camera: camera)
        return try decodePGM(image)
    }

    /// Runs zbarimg on a PGM image; nil when it finds no symbol.
    public static func decodePGM(_ image: Data) throws -> String? {
        guard let zbarimg = Processes.which("zbarimg") else {
            throw QRScreenDecoder.Failure(description: "zbarimg not found on PATH: run `bash .ci/test` (it installs zbar-tools)")
        }
        let directory = try TemporaryDirectory(prefix: "till-qr-probe")
        let file = directory.file("probe.pgm")
        try image.write(to: file)
        let result = try withExtendedLifetime(directory) { try TmuxProcess.run(zbarimg, ["--raw", "-q", file.path]) }
        switch result.status {
        case 0:
            var text = result.stdout
            if text.hasSuffix("\n") { text.removeLast() }
            return text
        case 4: return nil
        default: throw QRScreenDecoder.Failure(description: "zbarimg exited \(result.status): \(result.stderr)")
        }
    }

    /// The PGM (P5) picture: `surround` for 6 modules, then the light quiet zone, then the symbol.
    public static func picture(symbol modules: [[Bool]], quietZone: Int, surround: Surround, camera: Camera) -> Data {
        let margin = 6, size = modules.count
        let total = size + 2 * (quietZone + margin)
        let scale = camera == .clean ? 8 : 4
        let (darkLevel, lightLevel): (Int, Int) = camera == .clean ? (0, 255) : (40, 215)
        func dark(_ x: Int, _ y: Int) -> Bool {
            let inner = margin + quietZone
            if x >= inner, y >= inner, x < inner + size, y < inner + size { return modules[y - inner][x - inner] }
            let inQuietZone = x >= margin && y >= margin && x < total - margin && y < total - margin
            return inQuietZone ? false : surround == .dark
        }
        let width = total * scale
        var pixels = [Int](repeating: 0, count: width * width)
        for y in 0..<width {
            for x in 0..<width { pixels[y * width + x] = dark(x / scale, y / scale) ? darkLevel : lightLevel }
        }
        if camera == .soft {
            var blurred = pixels
            var seed: UInt64 = 0x9E37_79B9_7F4A_7C15
            for y in 0..<width {
                for x in 0..<width {
                    var sum = 0, count = 0
                    for dy in -1...1 { for dx in -1...1 {
                        let nx = x + dx, ny = y + dy
                        if nx >= 0, ny >= 0, nx < width, ny < width { sum += pixels[ny * width + nx]; count += 1 }
                    } }
                    seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                    let noise = Int((seed >> 33) % 49) - 24
                    blurred[y * width + x] = min(255, max(0, sum / count + noise))
                }
            }
            pixels = blurred
        }
        var data = Data("P5\n\(width) \(width)\n255\n".utf8)
        data.append(contentsOf: pixels.map { UInt8($0) })
        return data
    }
}
