import BigInt
import Foundation
import TillCore
import TillTestSupport

/// Realistic, deterministic sales over a span of days, in the order they were opened: busier and quieter days,
/// eight cashiers, BTC/LTC/ETH/USDC, about 85% paid, 6% expired, 4% cancelled and 5% exceptions (underpaid,
/// overpaid, paid late, reorged, double-spent, expired with funds, accepted or voided by a manager), each with
/// its quotes, payments (txids, heights, block hashes) and every state change. For benchmarks and tests only.
public struct SalesGenerator: Sendable {
    /// How many sales, over which days.
    public struct Options: Sendable {
        public var count: Int
        /// Any instant of the first day (the shop's local day of it).
        public var firstDay: Date
        public var days: Int
        public var seed: UInt64
        /// Sales at the very end left open (awaiting payment or confirming), as a till has at any moment.
        public var openAtEnd: Int

        public init(count: Int, firstDay: Date, days: Int = 365, seed: UInt64 = 1, openAtEnd: Int = 10) {
            self.count = count
            self.firstDay = firstDay
            self.days = days
            self.seed = seed
            self.openAtEnd = openAtEnd
        }
    }

    /// One local day of the plan: its text ("2026-07-20"), its midnight, and how many sales it has.
    public struct Day: Hashable, Sendable {
        public let text: String
        public let start: Date
        public let sales: Int
        /// 0 for the first day.
        public let index: Int
        /// The global number of its first sale.
        public let firstNumber: Int
    }

    public let options: Options
    public let timeZone: TimeZone
    /// The days with their sale counts (they add up to `options.count`).
    public let days: [Day]

    public init(_ options: Options, timeZone: TimeZone) {
        self.options = options
        self.timeZone = timeZone
        days = Self.plan(options, timeZone: timeZone)
    }

    /// Calls `body` with every sale's parts, oldest first.
    public func forEachSale(_ body: (SyntheticSales.Parts) throws -> Void) rethrows {
        for day in days {
            for seq in 1...max(day.sales, 1) where day.sales > 0 {
                try body(sale(day: day, seq: seq))
            }
        }
    }

    /// The parts of sale `seq` (1-based) of `day`: the same on every call.
    public func sale(day: Day, seq: Int) -> SyntheticSales.Parts {
        let number = day.firstNumber + seq - 1
        var random = SplitMix64(seed: options.seed, stream: UInt64(number))
        // Open 08:00–20:00, evenly spread, whole seconds (the sale JSON keeps dates as seconds).
        let offset = 28_800 + (seq - 1) * 43_200 / max(day.sales, 1)
        let openedAt = day.start.addingTimeInterval(TimeInterval(offset))
        let id = "S-" + day.text.replacingOccurrences(of: "-", with: "") + "-" + Self.padded(seq)
        let shift = offset < 50_400 ? 0 : 4
        let cashier = GeneratedCatalog.cashiers[shift + random.below(4)]
        var parts = SyntheticSales.Parts(id: id, cashier: cashier, openedAt: openedAt, lines: Self.lines(&random))
        let context = SaleStory.Context(number: number, dayIndex: day.index, openedAt: openedAt,
                                        open: number >= options.count - options.openAtEnd)
        SaleStory.tell(&parts, context: context, random: &random)
        return parts
    }

    private static func padded(_ seq: Int) -> String {
        let text = String(seq)
        return text.count >= 4 ? text : String(repeating: "0", count: 4 - text.count) + text
    }

    /// One to four lines, mostly café items; a gadget in about one sale in twenty.
    private static func lines(_ random: inout SplitMix64) -> [(product: Product, quantity: Int)] {
        let products = GeneratedCatalog.products
        var chosen: [(product: Product, quantity: Int)] = []
        let count = 1 + random.below(10) / 4  // 1, 2 or 3 lines, mostly 1–2
        for _ in 0..<count {
            let pick = random.below(100)
            let product = pick < 95 ? products[pick % 8] : products[8 + pick % 3]
            if let index = chosen.firstIndex(where: { $0.product.id == product.id }) {
                chosen[index].quantity += 1
            } else {
                chosen.append((product, 1 + random.below(6) / 4))
            }
        }
        return chosen
    }

    /// Days get 70%–130% of the average (weekends busier), rounded so the counts add up exactly.
    private static func plan(_ options: Options, timeZone: TimeZone) -> [Day] {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let first = calendar.startOfDay(for: options.firstDay)
        var random = SplitMix64(seed: options.seed, stream: 0xDA75)
        var starts: [Date] = [], weights: [Int] = []
        for index in 0..<max(options.days, 1) {
            let start = calendar.date(byAdding: .day, value: index, to: first) ?? first
            let weekday = calendar.component(.weekday, from: start)
            starts.append(start)
            weights.append(70 + random.below(40) + (weekday == 1 || weekday == 7 ? 20 : 0))
        }
        let total = weights.reduce(0, +)
        var days: [Day] = [], assigned = 0, cumulative = 0
        for (index, start) in starts.enumerated() {
            cumulative += weights[index]
            let upTo = options.count * cumulative / total
            let parts = calendar.dateComponents([.year, .month, .day], from: start)
            let text = String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
            days.append(Day(text: text, start: start, sales: upTo - assigned, index: index, firstNumber: assigned))
            assigned = upTo
        }
        return days
    }
}
