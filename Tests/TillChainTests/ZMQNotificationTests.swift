import Foundation
import Testing
import TillChain
import TillChainTestSupport
import TillCore

/// The regtest node's ZMQ (`-zmqpubhashtx`, `-zmqpubhashblock`): the subscriber hears what the node announces, and a
/// watcher with a five-minute poll sees a payment long before that poll, because the node told it.
@Suite struct ZMQNotificationTests {
    @Test func theSubscriberHearsTransactionsAndBlocksInRPCByteOrder() async throws {
        try await RegtestNode.with { node in
            let subscriber = try #require(ZMQSubscriber(endpoint: "tcp://127.0.0.1:\(node.zmqPort)"))
            subscriber.start()
            defer { subscriber.stop() }
            // Subscriptions take effect once connected: send until the first notice arrives.
            var heard: [ZMQSubscriber.Notice] = []
            var sent: [String] = []
            let deadline = Date().addingTimeInterval(30)
            while !heard.contains(where: { if case .transaction = $0 { true } else { false } }), Date() < deadline {
                sent.append(try await node.send(to: try await node.newAddress(), amount: "0.001"))
                try await Task.sleep(for: .milliseconds(300))
                heard += subscriber.drain()
            }
            let announced = heard.compactMap { if case .transaction(let txid) = $0 { txid } else { nil } }
            #expect(!announced.isEmpty && announced.allSatisfy(sent.contains), "heard \(announced), sent \(sent)")
            let block = try #require(try await node.generate(1).first)
            let blockDeadline = Date().addingTimeInterval(30)
            while !heard.contains(.block(block)), Date() < blockDeadline {
                try await Task.sleep(for: .milliseconds(100))
                heard += subscriber.drain()
            }
            #expect(heard.contains(.block(block)))
        }
    }

    @Test func aPaymentIsSeenWhenTheNodeAnnouncesItNotAtTheNextPoll() async throws {
        try await RegtestNode.with { node in
            let recorder = RegtestRecorder()
            let subscriber = try #require(ZMQSubscriber(endpoint: "tcp://127.0.0.1:\(node.zmqPort)"))
            let watcher = BitcoinNodeWatcher(backend: node.rpc, sink: recorder, store: RegtestCursorStore(),
                                       configuration: .init(pollInterval: .seconds(300)), notifications: subscriber)
            let script = try await node.newWatchedScript()
            try await watcher.watch(script)
            let running = Task { await watcher.run() }
            defer { running.cancel() }
            // Online after the first poll, subscribed (and a moment for the node to take the subscription).
            try await waitFor("online", seconds: 30) {
                let cursor = await watcher.cursor
                return await watcher.offlineReason == nil && cursor != nil
            }
            try await waitFor("the subscription", seconds: 30) { subscriber.isSubscribed }
            try await Task.sleep(for: .seconds(1))
            let txid = try await node.send(to: script.address, amount: "0.0042")
            // The next poll is five minutes away: only the announcement can explain a sighting within a minute.
            try await waitFor("the payment", seconds: 60) { await recorder.seen(address: script.address).map(\.ref.txid) == [txid] }
            #expect(await recorder.seen(address: script.address).first?.amount.units == 420_000)
        }
    }

    @Test(arguments: ["tcp://127.0.0.1:28332", "tcp://node.local:1"])
    func endpointsThatParse(_ text: String) { #expect(ZMQSubscriber(endpoint: text) != nil) }

    @Test(arguments: ["127.0.0.1:28332", "tcp://:28332", "tcp://host", "tcp://host:0", "tcp://host:70000", "ipc:///tmp/x"])
    func endpointsThatDoNot(_ text: String) { #expect(ZMQSubscriber(endpoint: text) == nil) }

    private func waitFor(_ what: String, seconds: Double, _ condition: () async -> Bool) async throws {
        let deadline = Date().addingTimeInterval(seconds)
        while !(await condition()) {
            guard Date() < deadline else { throw RegtestError("no \(what) within \(Int(seconds)) s") }
            try await Task.sleep(for: .milliseconds(50))
        }
    }
}
