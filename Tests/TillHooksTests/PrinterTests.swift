import Foundation
import Testing
import TillCore
import TillHooks
import TillTestSupport

@Suite struct PrinterTests {
    let job = PrintJob.receipt(HookFixture.receipt(), columns: 42)

    @Test func networkPrinterReceivesInitialiseLinesAndCut() async throws {
        let sink = try TCPSink()
        let printer = ReceiptPrinter(PrinterConfiguration(name: "counter", destination: .network(host: "127.0.0.1", port: sink.port)))
        let result = await printer.print(job)
        let expected = printer.bytes(for: job)
        #expect(try result.get() == expected.count)
        let received = try #require(sink.waitForJobs(1).first)
        #expect(received == expected)
        #expect(Array(received.prefix(2)) == [0x1B, 0x40])
        #expect(received.contains(bytes: Array("TOTAL                            $1,460.30".utf8)))
        #expect(received.contains(bytes: Array(HookFixture.txid.prefix(42).utf8)))
        #expect(Array(received.suffix(4)) == [0x1D, 0x56, 0x41, 3])
    }

    @Test func refusedConnectionIsAVisibleErrorAndARetrySucceedsOnceThePrinterIsUp() async throws {
        let port = Processes.freePort()
        let printer = ReceiptPrinter(PrinterConfiguration(name: "counter", destination: .network(host: "127.0.0.1", port: port)))
        let failed = await printer.print(job)
        guard case .failure(let error) = failed else { Issue.record("printing to a closed port succeeded"); return }
        #expect(error == .refused(printer: "counter", host: "127.0.0.1", port: port))
        #expect(error.message.contains("refused the connection"))
        #expect(error.message.contains("127.0.0.1:\(port)"))

        let sink = try TCPSink(port: port)
        let retried = await printer.print(job)
        #expect(try retried.get() > 0)
        #expect(sink.waitForJobs(1).first == printer.bytes(for: job))
    }

    @Test func aPrinterThatStopsReadingTimesOut() async throws {
        let stalled = try TCPSink(accepting: false)
        let printer = ReceiptPrinter(PrinterConfiguration(name: "jam", destination: .network(host: "127.0.0.1", port: stalled.port),
                                                          timeoutSeconds: 1))
        // Far more than the socket buffers hold, so the write must wait for a reader that never comes.
        let huge = PrintJob(title: "huge", lines: Array(repeating: String(repeating: "x", count: 1_000), count: 20_000))
        let result = await printer.print(huge)
        #expect(result.failureValue == .timedOut(printer: "jam", target: "127.0.0.1:\(stalled.port)", seconds: 1))
        #expect(result.failureValue?.message.contains("within 1 s") == true)
    }

    @Test func unknownHostIsReported() async {
        let printer = ReceiptPrinter(PrinterConfiguration(name: "p", destination: .network(host: "no-such-printer.invalid", port: 9100)))
        let result = await printer.print(job)
        #expect(result.failureValue == .unknownHost(printer: "p", host: "no-such-printer.invalid"))
    }

    @Test func textFilePrinterAppendsEachReceipt() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("receipts.txt").path
        let printer = ReceiptPrinter(PrinterConfiguration(name: "file", destination: .textFile(path: path), columns: 42))
        _ = try await printer.print(job).get()
        _ = try await printer.print(job).get()
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text == job.plainText + job.plainText)
        #expect(text.contains("Txid\n" + HookFixture.txid.prefix(42)))
    }

    @Test func deviceFileGetsEscPosAndMissingDevicesAreNamed() async throws {
        let directory = try TemporaryDirectory()
        let device = directory.file("lp0")
        _ = FileManager.default.createFile(atPath: device.path, contents: nil)
        let printer = ReceiptPrinter(PrinterConfiguration(name: "usb", destination: .device(path: device.path)))
        _ = try await printer.print(job).get()
        #expect(Array(try Data(contentsOf: device)) == printer.bytes(for: job))

        let missing = directory.file("usb/lp9").path
        let result = await ReceiptPrinter(PrinterConfiguration(name: "usb", destination: .device(path: missing))).print(job)
        #expect(result.failureValue == .noSuchDevice(printer: "usb", path: missing))
        #expect(result.failureValue?.message.contains("does not exist") == true)
    }
}

extension Result {
    var failureValue: Failure? { if case .failure(let error) = self { return error }; return nil }
}
