import Foundation
import Testing
import TillApp
import TillCore
import TillTestSupport
import TillUI
import TillWallet

/// The measurement behind `QRLayout.preferences` and the URI shortening in `PaymentURIs`: every URI type the
/// till makes × EC level × quiet zone × surround × camera, decoded by zbarimg. Prints the table (see
/// `.notes/qrdisplay.md`) and holds the choices to it.
@Suite struct QRFitMeasurementTests {
    static let label = "Till Demo Shop", message = "S-20260921-0001"
    static let btc = try! CoinAmount(parsing: "0.03965567", asset: .btc)

    /// (name, full URI, shortest URI) for each URI type, with real addresses and realistic amounts.
    static func uris() throws -> [(String, String, String)] {
        func bip21(_ address: String) throws -> (String, String) {
            (try BitcoinPaymentURI(address: address, network: .bitcoin, amount: btc, label: label, message: message).uri,
             try BitcoinPaymentURI(address: address, network: .bitcoin, amount: btc).uri)
        }
        let recipient = "0x9858EfFD232B4033E47d90003D41EC34EcaEda94"
        let eth = Asset(id: "ETH", symbol: "ETH", decimals: 18, kind: .evmNative(chainID: 1))
        let usdc = Asset(id: "USDC", symbol: "USDC", decimals: 6, kind: .erc20(contract: "0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48", chainID: 1))
        let dai = Asset(id: "DAI", symbol: "DAI", decimals: 18,
                        kind: .erc20(contract: "0x6B175474E89094C44Da98b954EedeAC495271d0F", chainID: 131_277_322_940_537))
        let ethURI = try EthereumPaymentURI(recipient: recipient, amount: try CoinAmount(parsing: "0.793113", asset: eth)).uri
        let usdcURI = try EthereumPaymentURI(recipient: recipient, amount: try CoinAmount(parsing: "2379.34", asset: usdc)).uri
        let daiURI = try EthereumPaymentURI(recipient: recipient, amount: try CoinAmount(parsing: "12379.340000000000000001", asset: dai)).uri
        let p2pkh = try bip21("1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2")
        let p2wpkh = try bip21("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4")
        let p2tr = try bip21("bc1p5cyxnuxmeuwuvkwfem96lqzszd02n6xdcjrs20cac6yqjjwudpxqkedrcr")
        return [("BIP21 P2PKH", p2pkh.0, p2pkh.1), ("BIP21 P2WPKH", p2wpkh.0, p2wpkh.1), ("BIP21 P2TR", p2tr.0, p2tr.1),
                ("EIP-681 ETH", ethURI, ethURI), ("EIP-681 USDC (6 dec)", usdcURI, usdcURI),
                ("EIP-681 18-dec, long chain id", daiURI, daiURI)]
    }

    static func symbol(_ code: QRCode) -> [[Bool]] {
        (0..<code.size).map { y in (0..<code.size).map { x in code.isDark(x: x, y: y) } }
    }

    /// The cashier's payment screen at 80×24 leaves this much for the QR; `f` has the whole terminal.
    static let paymentSpace = PaymentGeometry.qrSpace(in: TillScreen.minimumSize)

    @Test func measureEveryURITypeAtEveryLevelAndQuietZone() throws {
        var table = ["| URI | form | chars | EC | ver | QZ | cells | fits 80×24 pay / f | dark clean | dark soft | light soft |",
                     "|---|---|---|---|---|---|---|---|---|---|---|"]
        var failures: [String] = []
        for (name, full, short) in try Self.uris() {
            for (form, uri) in full == short ? [("as made", full)] : [("full", full), ("short", short)] {
                for level in [QRCode.Level.medium, .low] {
                    let code = try QRCode(uri, level: level)
                    for zone in [4, 2, 1] {
                        let layout = QRLayout(code: code, quietZone: zone)
                        var results: [String] = []
                        for (surround, camera) in [(QRImageProbe.Surround.dark, QRImageProbe.Camera.clean), (.dark, .soft), (.light, .soft)] {
                            let decoded = try QRImageProbe.decode(symbol: Self.symbol(code), quietZone: zone, surround: surround, camera: camera)
                            results.append(decoded == uri ? "yes" : "NO")
                            // What the choice rests on: a clean picture decodes with a 2-module zone on a dark surround,
                            // and 2 modules decode through the soft camera whenever 4 do.
                            let standard = try QRImageProbe.decode(symbol: Self.symbol(code), quietZone: 4, surround: surround, camera: camera)
                            if zone == 2, decoded != uri, camera == .clean || standard == uri {
                                failures.append("\(name) \(form) \(level) QZ\(zone) \(surround) \(camera)")
                            }
                        }
                        let pay = Self.paymentSpace.fits(layout.textSize) ? "yes" : "no"
                        let f = TillScreen.minimumSize.fits(layout.textSize) ? "yes" : "no"
                        table.append("| \(name) | \(form) | \(uri.count) | \(level.rawValue) | \(code.version) | \(zone) | \(layout.textSize) | \(pay) / \(f) | "
                                     + results.joined(separator: " | ") + " |")
                    }
                }
            }
        }
        let text = table.joined(separator: "\n") + "\n"
        print(text)
        if let path = ProcessInfo.processInfo.environment["TILL_QR_TABLE"] { try Data(text.utf8).write(to: URL(fileURLWithPath: path)) }
        // The preferences never go below a 2-module zone: every configuration with 2 or more must decode everywhere.
        #expect(failures.isEmpty, "did not decode: \(failures)")
        #expect(QRLayout.preferences.allSatisfy { $0.quietZone >= 2 })
    }

    /// Each URI the till makes fits the 80×24 payment screen in a preferred layout (shortened when it must be).
    @Test func everyURITheTillMakesFitsAt80x24() throws {
        // The 159-character 18-decimal transfer on a 15-digit chain id is version 7 even at L: it needs 49×25 (see the notes).
        for (name, full, short) in try Self.uris() where !name.contains("long chain id") {
            let made = PaymentURIs.fitting([full, short])
            let layout = try #require(QRLayout.best(for: made, in: Self.paymentSpace), "\(name): \(made) does not fit at 80×24")
            #expect(try QRImageProbe.decode(symbol: Self.symbol(layout.code), quietZone: layout.quietZone, surround: .dark, camera: .clean) == made)
        }
    }

    /// Negative control: the soft camera is not too kind (no quiet zone on a dark surround does not decode).
    @Test func noQuietZoneOnADarkSurroundDoesNotDecode() throws {
        let code = try QRCode(try Self.uris()[1].1, level: .medium)
        #expect(try QRImageProbe.decode(symbol: Self.symbol(code), quietZone: 0, surround: .dark, camera: .soft) == nil)
    }
}
