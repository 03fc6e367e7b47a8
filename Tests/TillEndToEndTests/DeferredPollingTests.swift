import Foundation
import Testing
@testable import TillApp
import TillChain
import TillChainTestSupport
import TillCore
import TillStore
import TillTestSupport
import TillWallet

/// A restarted till must watch its restored addresses before it reads the first block: a payment mined while
/// the till was down (to an address its last snapshot did not record) is found by the first poll.
@Suite(.serialized) struct DeferredPollingTests {
    @Test func watchesAskedForBeforePollingBeganAreInPlaceForTheFirstBlockRead() async throws {
        try await RegtestNode.with { node in
            let directory = try TemporaryDirectory(prefix: "till-deferred-polling")
            let store = try TillDatabase(path: directory.file("till.sqlite").path)
            let log = FileLog(path: directory.file("till.log").path)
            func watcher(for feed: BitcoinFeed) -> BitcoinNodeWatcher {
                BitcoinNodeWatcher(backend: node.rpc, sink: feed,
                             store: feed.stateInDatabase(store, coinID: "BTC", dataDirectory: directory.url),
                             configuration: BitcoinNodeWatcher.Configuration(pollInterval: .milliseconds(200)))
            }
            // The first run reads the tip (its cursor) and stops without watching anything.
            let first = BitcoinFeed(asset: .btc, network: .regtest, backendName: "BTC test", store: store,
                                    directory: SaleIndex(), inbox: Inbox(), log: log)
            #expect(await watcher(for: first).pollOnce())

            // While it is down, a block pays an address the snapshot knows nothing about.
            let address = try await node.newAddress()
            _ = try await node.send(to: address, amount: "0.015")
            _ = try await node.generate(1)

            // The restart: the feed defers polling, the runner's restore asks for the watch, then polling begins.
            let second = BitcoinFeed(asset: .btc, network: .regtest, backendName: "BTC test", store: store,
                                     directory: SaleIndex(), inbox: Inbox(), log: log)
            let restarted = watcher(for: second)
            second.start(restarted, deferPolling: true)
            // A till that polled at once would read the new block now, before anyone asked for the address.
            try await Task.sleep(for: .milliseconds(500))
            second.watch(address: address, asset: .btc, saleID: "S-1")
            second.beginPolling()
            let deadline = ContinuousClock.now + .seconds(30)
            while (await restarted.payments).isEmpty && ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(100))
            }
            second.stop()
            let payments = await restarted.payments
            let found = try #require(payments.first, "the payment mined while down was missed")
            #expect(found.observation.address == address)
            #expect(found.confirmations == 1)
        }
    }
}
