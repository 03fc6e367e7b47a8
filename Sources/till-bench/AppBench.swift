import Foundation
import TillCore
import TillUI

/// Screen performance: first frame, key press to frame (p50/p99) at 120×40, incremental search per keystroke,
/// with the sample-sized catalog and with 100,000 generated products.
func runAppBench() async throws {
    for count in [50, 100_000] {
        let catalog = generatedCatalog(count)
        let clock = ContinuousClock()
        let start = clock.now
        var model = TillModel(shop: ShopInfo(name: "Bench Shop", currency: .usd), cashier: "bench", training: true, catalog: catalog,
                              coins: [], now: Date(), size: TextSize(columns: 120, rows: 40))
        model.nextSaleID = "S-1"
        _ = TillScreen.render(model)
        let firstFrame = clock.now - start
        print("app: first frame, \(count) products = \(milliseconds(firstFrame)) ms (model + catalog index + render)")

        var keyTimes: [Duration] = []
        let keys: [Key] = [.down, .down, .enter, .up, .character("+"), .tab, .down, .tab, .right, .left]
        for round in 0..<200 {
            let key = keys[round % keys.count]
            let began = clock.now
            _ = model.handle(.key(key))
            _ = TillScreen.render(model)
            keyTimes.append(clock.now - began)
        }
        print("app: key press to frame at 120×40, \(count) products: p50 = \(milliseconds(percentile(keyTimes, 50))) ms, "
              + "p99 = \(milliseconds(percentile(keyTimes, 99))) ms")

        var searchTimes: [Duration] = []
        for _ in 0..<20 {
            var browser = model.browser
            for prefix in ["p", "pr", "pro", "prod", "produ", "product 9", "product 99"] {
                let began = clock.now
                browser.search(prefix)
                searchTimes.append(clock.now - began)
            }
            browser.search("")
        }
        print("app: incremental search per keystroke, \(count) products: p50 = \(milliseconds(percentile(searchTimes, 50))) ms, "
              + "p99 = \(milliseconds(percentile(searchTimes, 99))) ms")
    }
}

private func generatedCatalog(_ count: Int) -> Catalog {
    let categories = ["Laptops", "Monitors", "Cables", "Audio", "Café", "Storage", "Networking", "Services"]
    let products = (0..<count).map { index in
        Product(id: "P\(index)", name: "Product \(index) \(categories[index % categories.count])",
                price: FiatAmount(minor: Int64(100 + index % 100_000), currency: .usd), category: categories[index % categories.count],
                barcode: String(2_000_000_000_000 + index), stock: index % 7 == 0 ? index % 4 : nil)
    }
    return Catalog(currency: .usd, products: products)
}

private func percentile(_ values: [Duration], _ p: Int) -> Duration {
    let sorted = values.sorted()
    return sorted[min(sorted.count - 1, sorted.count * p / 100)]
}

private func milliseconds(_ duration: Duration) -> String {
    let ms = Double(duration.components.seconds) * 1_000 + Double(duration.components.attoseconds) / 1e15
    return String(format: "%.3f", ms)
}
