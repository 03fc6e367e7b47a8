import BigInt
import Foundation
import Testing
import TillChain
import TillChainTestSupport
import TillCore
import TillTestSupport

@Suite("Ethereum watcher against eth-tester")
struct EthereumWatcherTests {
    @Test("an ETH payment is seen, then confirmed after more blocks")
    func ethPayment() async throws {
        let node = try await EVMNode.start()
        let log = EVMEventLog()
        let watcher = makeWatcher(node, log: log)
        let sale = freshEthereumAddress()
        try await watcher.watch(sale, for: testETH)
        #expect(await watcher.tick())
        #expect(await log.drain() == [.online])
        let tx = try await node.sendEth(from: try await node.accounts()[1], to: sale, wei: 1_234_500_000_000_000)
        #expect(await watcher.tick())
        let seen = await log.drain()
        #expect(seen.count == 1)
        #expect(seen.first?.observation?.ref == PaymentRef(txid: tx, output: 0))
        #expect(seen.first?.observation?.amount == CoinAmount(units: 1_234_500_000_000_000, asset: testETH))
        #expect(seen.first?.observation?.address == sale)
        #expect(seen.first?.observation?.confirmations == 1)
        #expect(seen.first?.isFinal == false)
        try await node.mine(2)
        await watcher.tick()
        let confirmed = await log.drain()
        #expect(confirmed.map(\.observation?.confirmations) == [3])
        #expect(confirmed.first?.isFinal == true)
        try await node.mine(1)
        await watcher.tick()
        #expect(await log.drain().isEmpty, "a final payment is not reported again")
    }

    @Test("ETH sent by a contract (internal transfer) is noticed by the balance check")
    func internalTransfer() async throws {
        let node = try await EVMNode.start()
        let forwarder = try await node.deployToken(name: "Wallet", symbol: "W", decimals: 0, supply: 0)
        let log = EVMEventLog()
        let watcher = makeWatcher(node, log: log)
        let sale = freshEthereumAddress()
        try await watcher.watch(sale, for: testETH)
        await watcher.tick()
        _ = await log.drain()
        try await node.forwardEth(through: forwarder, from: try await node.accounts()[2], to: sale, wei: 77_000)
        await watcher.tick()
        let seen = await log.drain().compactMap(\.observation)
        #expect(seen.map(\.amount.units) == [77_000])
        #expect(seen.first?.ref.output == -1)
        #expect(seen.first?.ref.txid == seen.first?.blockHash)
    }

    @Test("a token payment is seen and confirmed; underpaid then topped up gives two payments")
    func tokenPayments() async throws {
        let node = try await EVMNode.start()
        let accounts = try await node.accounts()
        let token = try await node.deployToken(name: "USD Coin", symbol: "USDC", decimals: 6, supply: 10_000_000_000)
        let usdc = tokenAsset(token)
        let log = EVMEventLog()
        let watcher = makeWatcher(node, tokens: [usdc], native: nil, log: log)
        let sale = freshEthereumAddress()
        try await watcher.watch(sale, for: usdc)
        await watcher.tick()
        _ = await log.drain()
        let first = try await node.transferToken(token, from: accounts[0], to: sale, units: 4_000_000)
        await watcher.tick()
        let partial = await log.drain().compactMap(\.observation)
        #expect(partial.map(\.amount) == [CoinAmount(units: 4_000_000, asset: usdc)])
        #expect(partial.first?.ref.txid == first)
        let second = try await node.transferToken(token, from: accounts[0], to: sale, units: 1_250_000)
        try await node.mine(2)
        await watcher.tick()
        let events = await log.drain()
        let byRef = Dictionary(events.compactMap(\.observation).map { ($0.ref.txid, $0) }) { $1 }
        #expect(byRef[second]?.amount.units == 1_250_000)
        #expect(byRef[second]?.confirmations == 3)
        #expect(byRef[first]?.confirmations == 4)
        #expect(events.filter(\.isFinal).count == 2)
    }

    @Test("a Transfer from another contract with the same symbol is ignored")
    func impostorToken() async throws {
        let node = try await EVMNode.start()
        let accounts = try await node.accounts()
        let real = try await node.deployToken(name: "USD Coin", symbol: "USDC", decimals: 6, supply: 1_000_000_000)
        let fake = try await node.deployToken(name: "USD Coin", symbol: "USDC", decimals: 6, supply: 1_000_000_000)
        let log = EVMEventLog()
        let watcher = makeWatcher(node, tokens: [tokenAsset(real)], native: nil, log: log)
        let sale = freshEthereumAddress()
        try await watcher.watch(sale, for: tokenAsset(real))
        await watcher.tick()
        _ = await log.drain()
        try await node.transferToken(fake, from: accounts[0], to: sale, units: 5_000_000)
        await watcher.tick()
        #expect(await log.drain().isEmpty)
        try await node.transferToken(real, from: accounts[0], to: sale, units: 5)
        await watcher.tick()
        #expect(await log.drain().compactMap(\.observation).map(\.amount.units) == [5])
    }

    @Test("a reorg takes a confirmed token payment back")
    func reorg() async throws {
        let node = try await EVMNode.start()
        let accounts = try await node.accounts()
        let token = try await node.deployToken(name: "USD Coin", symbol: "USDC", decimals: 6, supply: 1_000_000_000)
        let log = EVMEventLog()
        let watcher = makeWatcher(node, tokens: [tokenAsset(token)], native: nil, log: log)
        let sale = freshEthereumAddress()
        try await watcher.watch(sale, for: tokenAsset(token))
        await watcher.tick()
        let snapshot = try await node.snapshot()
        let tx = try await node.transferToken(token, from: accounts[0], to: sale, units: 9_000_000)
        try await node.mine(3)
        await watcher.tick()
        #expect(await log.drain().contains { $0.isFinal && $0.observation?.ref.txid == tx })
        try await node.revert(to: snapshot)
        try await node.mine(6)
        await watcher.tick()
        let after = await log.drain()
        #expect(after.contains(.reorged(PaymentRef(txid: tx, output: 0), address: sale)))
        #expect(after.compactMap(\.observation).isEmpty, "the payment is not in the new chain")
    }
}
