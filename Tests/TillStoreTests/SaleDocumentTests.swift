import Foundation
import Testing
import TillCore
@testable import TillStore
import TillStoreTestSupport
import TillTestSupport

/// The packed sale document (`SaleDocument`, migration v8): the very JSON comes back, for any bytes and every sale.
@Suite struct SaleDocumentTests {
    /// A document the code before v8 wrote (`SaleCodec.encode`, stored as it was), copied from a generated ledger.
    static let oldDocument = #"{"asset":{"decimals":18,"id":"ETH","kind":{"evmNative":{"chainID":1}},"symbol":"ETH"},"#
        + #""cart":{"currency":{"code":"USD","minorUnits":2,"symbol":"$"},"lines":[{"product":{"category":"Computers","#
        + #""disabled":false,"id":"LAP-14-PRO","name":"Laptop 14 Pro","price":{"currency":{"code":"USD","minorUnits":2,"#
        + #""symbol":"$"},"minor":129900},"stock":1000000,"taxRate":{"digits":["+",825],"scale":2}},"quantity":1}],"#
        + #""taxMode":"included"},"cashier":"carol","flags":[],"history":[{"at":788962476,"from":"building","#
        + #""reason":"quoted 0.413557293125843670 ETH at coingecko","to":"awaitingPayment"},{"at":788962508,"#
        + #""from":"awaitingPayment","reason":"payment seen","to":"confirming"},{"at":788962652,"from":"confirming","#
        + #""reason":"12 confirmations","to":"paid"}],"id":"S-20260101-0111","openedAt":788962430,"payments":[{"#
        + #""address":"0x2224ff05df29891bed87ffc32f8ed7dbf9b74c6b","amount":{"asset":{"decimals":18,"id":"ETH","#
        + #""kind":{"evmNative":{"chainID":1}},"symbol":"ETH"},"units":["+",413557293125843670]},"blockHash":"#
        + #""0x8ffcac2130e9f825de6e4795ec9d9fd369a69ff439e7c25807aa52d507875369","blockHeight":23003006,"#
        + #""confirmations":12,"firstSeen":788962508,"late":false,"ref":{"output":0,"txid":"#
        + #""0x3de6b52730074623d9d4bd0cc721508144bc37eff15e4256583dfb6224f582d3"},"replaceable":false,"#
        + #""state":"confirmed","wasReorged":false}],"policy":{"expirySeconds":900,"lateWindowSeconds":86400,"#
        + #""reorgWindowSeconds":86400,"requiredConfirmations":12,"underpaymentToleranceBasisPoints":0},"quotes":[{"#
        + #""address":"0x2224ff05df29891bed87ffc32f8ed7dbf9b74c6b","amount":{"asset":{"decimals":18,"id":"ETH","#
        + #""kind":{"evmNative":{"chainID":1}},"symbol":"ETH"},"units":["+",413557293125843670]},"#
        + #""createdAt":788962476,"derivationPath":"m\/44'\/60'\/0'\/0\/110","expiresAt":788963376,"fiat":{"#
        + #""currency":{"code":"USD","minorUnits":2,"symbol":"$"},"minor":129900},"rate":{"asset":{"decimals":18,"#
        + #""id":"ETH","kind":{"evmNative":{"chainID":1}},"symbol":"ETH"},"currency":{"code":"USD","minorUnits":2,"#
        + #""symbol":"$"},"price":{"digits":["+",314104],"scale":2},"source":"coingecko","time":788962456},"#
        + #""uri":"ethereum:0x2224ff05df29891bed87ffc32f8ed7dbf9b74c6b@1?value=413557293125843670"}],"#
        + #""status":"paid","stockTaken":true,"watching":false}"#

    @Test func theDictionaryOfFormatOneNeverChanges() {
        // Every stored document of format 1 inflates against these exact bytes (Adler-32, as zlib computes it).
        var a: UInt32 = 1, b: UInt32 = 0
        for byte in SaleDocument.dictionary1 { a = (a + UInt32(byte)) % 65_521; b = (b + a) % 65_521 }
        #expect(SaleDocument.dictionary1.count == 3_353)
        #expect(b << 16 | a == 918_370_955)
    }

    @Test func anyBytesComeBackExactly() throws {
        var random = SplitMix64(seed: 16)
        let alphabet = Array(#"{}[]",:0123456789abcdef"assetquoteBTC"#.utf8)
        for round in 0..<300 {
            let count = [0, 1, 2, 31, 4_096, 20_000, Int(random.next() % 3_000)][round % 7]
            // Half of them JSON-like (they compress), half random bytes (they do not).
            let bytes = (0..<count).map { _ in
                round % 2 == 0 ? alphabet[Int(random.next() % UInt64(alphabet.count))] : UInt8(truncatingIfNeeded: random.next())
            }
            let packed = try SaleDocument.pack(json: Data(bytes))
            #expect(packed.first == SaleDocument.format1)
            #expect(try SaleDocument.json(stored: packed) == Data(bytes), "round \(round), \(count) bytes")
        }
    }

    @Test func everyGeneratedSaleAndOneWithFractionalTimesDecodesEqual() throws {
        let generator = SalesGenerator(GeneratedSalesTests.options, timeZone: GeneratedSalesTests.zone)
        var sales = try GeneratedSalesTests.expectedSales(generator)
        // Real clocks give fractions of a second, which JSON keeps as doubles: they must survive too.
        let now = Date(timeIntervalSinceReferenceDate: 789_060_084.123_456_7)
        sales.append(try Fixture.sale(id: "S-fraction", at: now, status: .paid, paid: 700_000))
        var packedBytes = 0, jsonBytes = 0
        for sale in sales {
            let stored = try SaleCodec.encodeStored(sale)
            #expect(try SaleCodec.decode(stored) == sale, "sale \(sale.id)")
            let json = try SaleCodec.encode(sale)
            if sale.flags.count < 2 { #expect(try SaleDocument.json(stored: stored) == json, "sale \(sale.id)") }
            packedBytes += stored.count
            jsonBytes += json.count
        }
        // What issue 16 is about: the generated documents average ~2,160 bytes of JSON, packed about a sixth.
        #expect(packedBytes * 5 < jsonBytes, "\(packedBytes) packed of \(jsonBytes) JSON bytes")
    }

    @Test func aDocumentWrittenBeforeVersionEightIsReadAsItIs() throws {
        let old = Data(Self.oldDocument.utf8)
        let sale = try SaleCodec.decode(old)
        #expect(sale.id == "S-20260101-0111" && sale.status == .paid && sale.asset?.id == "ETH")
        #expect(sale.payments.first?.amount.units == 413_557_293_125_843_670)
        // Nothing of it was dropped: encoding the decoded sale gives the old bytes back.
        #expect(try SaleCodec.encode(sale) == old)
        #expect(try SaleCodec.decode(try SaleCodec.encodeStored(sale)) == sale)
    }

    @Test func aDamagedDocumentIsAnErrorNeverACrashOrAnotherSale() throws {
        let packed = try SaleDocument.pack(json: Data(Self.oldDocument.utf8))
        #expect(throws: SaleDocumentError.unknownFormat(0x7F)) { try SaleDocument.json(stored: Data([0x7F]) + packed.dropFirst()) }
        #expect(throws: SaleDocumentError.unknownFormat(nil)) { try SaleDocument.json(stored: Data()) }
        #expect(throws: SaleDocumentError.self) { try SaleDocument.json(stored: packed.prefix(packed.count / 2)) }
        #expect(throws: SaleDocumentError.trailingBytes(3)) { try SaleDocument.json(stored: packed + Data([1, 2, 3])) }
        var flipped = packed
        flipped[flipped.count / 2] ^= 0xFF
        // A flipped byte either breaks the stream or the JSON; it never decodes as a sale.
        #expect(throws: (any Error).self) { try SaleCodec.decode(flipped) }
    }
}
