import BigInt
import Foundation
import Testing
@testable import TillConfig
import TillCore
@testable import TillManager
@testable import TillStore

@Suite struct ExportTests {
    func export(_ fixture: DayFixture, _ format: ExportFormat) throws -> (String, ExportSummary) {
        var text = ""
        let summary = try SalesExport(store: fixture.fixture.database, timeZone: ManagerFixture.zone)
            .export(from: fixture.day, to: fixture.day, format: format, requester: .commandLine(user: "tester"),
                    at: DayFixture.midnightUTC) { text += $0 }
        return (text, summary)
    }

    @Test func csvParsesBackToTheStoredSalesAndPayments() throws {
        let fixture = try DayFixture()
        let (text, summary) = try export(fixture, .csv)
        #expect(summary == ExportSummary(sales: 6, payments: 4))
        #expect(text.hasSuffix("\r\n"))
        let records = try CSVParser.parse(text).map(\.fields)
        #expect(records.first == SalesExport.columns)
        let rows = records.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(SalesExport.columns, $0)) }
        #expect(rows.map { "\($0["record"]!):\($0["sale_id"]!)" } == [
            "sale:S1", "payment:S1", "sale:S2", "payment:S2", "sale:S3", "payment:S3", "sale:S4", "sale:S5",
            "sale:S6", "payment:S6",
        ])
        for row in rows {
            let sale = try #require(try fixture.fixture.database.sale(id: row["sale_id"]!))
            #expect(row["status"] == sale.status.rawValue && row["cashier"] == sale.cashier)
            #expect(row["coin"] == (sale.asset?.id ?? ""))
            #expect(row["rate"] == (sale.quotes.first?.rate.price.description ?? ""))
            #expect(row["currency"] == "USD")
            if row["record"] == "sale" {
                #expect(row["fiat_amount"] == sale.cart.total.decimalString)
                #expect(row["coin_units"] == sale.totalDue.map { String($0.units) })
                #expect(row["time_utc"] == iso(sale.openedAt, "UTC"))
                #expect(row["address"] == sale.quotes.first?.address)
                #expect(row["txid"] == "")
            } else {
                let payment = try #require(sale.payments.first)
                #expect(row["txid"] == payment.ref.txid && row["address"] == payment.address)
                #expect(row["coin_amount"] == payment.amount.fixedDecimal)
                #expect(row["fiat_amount"] == sale.quotes[0].rate.fiatValue(of: payment.amount).decimalString)
                #expect(row["time_utc"] == iso(payment.firstSeen, "UTC"))
                #expect(row["time_local"] == iso(payment.firstSeen, "Europe/Berlin"))
                #expect(row["confirmations"] == "6" && row["payment_state"] == "confirmed")
            }
        }
        // Hand-checked: S2's 10,000 sats at $50,000 are worth $5.00; its payment came at 11:01 UTC.
        let s2 = try #require(rows.first { $0["record"] == "payment" && $0["sale_id"] == "S2" })
        #expect(s2["fiat_amount"] == "5.00" && s2["coin_amount"] == "0.00010000" && s2["flags"] == "overpaid")
        #expect(s2["time_utc"] == "2026-11-25T11:01:00.000Z" && s2["time_local"] == "2026-11-25T12:01:00.000+01:00")
        let last = try #require(try fixture.fixture.database.auditLog(afterID: 0, limit: 100).last)
        #expect(last.action == "export" && last.actor == "cli:tester" && last.details.contains("sales=6 payments=4"))
    }

    @Test func jsonParsesWithTheSameRecords() throws {
        let fixture = try DayFixture()
        let (text, _) = try export(fixture, .json)
        let array = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]])
        #expect(array.count == 10)
        #expect(Set(array[0].keys) == Set(SalesExport.columns))
        #expect(array[0]["sale_id"] as? String == "S1" && array[0]["txid"] is NSNull)
        #expect(array[5]["coin_units"] as? String == "2250000000000000" && array[5]["fiat_amount"] as? String == "4.50")
    }

    @Test func fieldsWithCommasQuotesAndLineBreaksRoundTrip() throws {
        let awkward = ["plain", "a,b", "say \"hi\"", "two\nlines", "cr\r\nlf", "", " spaced ", "\"", ",", "é, ü"]
        let line = CSVText.line(awkward)
        #expect(CSVText.field("a,b") == "\"a,b\"" && CSVText.field("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(CSVText.field("plain") == "plain")
        #expect(try CSVParser.parse(line + line).map(\.fields) == [awkward, awkward])
        // Through a whole export: a cashier name that needs every kind of quoting.
        let fixture = try ManagerFixture()
        let name = "O'Neil, \"Big\" Al\nnights"
        try fixture.sale("S-Q", cashier: name, at: ManagerFixture.noon, status: .paid, paid: 9_000)
        var csv = "", json = ""
        let export = SalesExport(store: fixture.database, timeZone: ManagerFixture.zone)
        try export.write(.all, format: .csv) { csv += $0 }
        try export.write(.all, format: .json) { json += $0 }
        let rows = try CSVParser.parse(csv).map(\.fields)
        #expect(rows.count == 3 && rows[1][4] == name && rows[2][4] == name)
        let objects = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]])
        #expect(objects.map { $0["cashier"] as? String } == [name, name])
        var empty = ""
        try SalesExport(store: try ManagerFixture().database, timeZone: TimeZone(identifier: "UTC")!).write(.all, format: .json) { empty += $0 }
        #expect(try JSONSerialization.jsonObject(with: Data(empty.utf8)) as? [Any] != nil)
    }

    func iso(_ date: Date, _ zone: String) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        formatter.timeZone = TimeZone(identifier: zone)
        return formatter.string(from: date)
    }
}

/// Issue 13.9: cells a spreadsheet would run as formulas are neutralised; there is one CSV writer.
@Suite struct CSVFormulaTests {
    @Test func formulaLikeCellsGetAnApostropheNumbersDoNot() {
        #expect(CSVText.field("=HYPERLINK(\"http://x\",\"y\")") == "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"")
        #expect(CSVText.field("@SUM(A1:A9)") == "'@SUM(A1:A9)")
        #expect(CSVText.field("+cmd|' /C calc'!A0") == "'+cmd|' /C calc'!A0")
        #expect(CSVText.field("-1+1") == "'-1+1")
        #expect(CSVText.field("\tx") == "'\tx")
        #expect(CSVText.field("\r=1") == "\"'\r=1\"")
        #expect(CSVText.field("-5.00") == "-5.00" && CSVText.field("+12") == "+12" && CSVText.field("0.5") == "0.5")
        #expect(CSVText.field("Mouse") == "Mouse")
    }
}
