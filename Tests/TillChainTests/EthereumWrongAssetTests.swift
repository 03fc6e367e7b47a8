import BigInt
import Foundation
import Testing
import TillChain
import TillChainTestSupport
import TillCore
import TillTestSupport

/// Deposits in another asset of the same chain than the sale's (ETH on a USDC sale, USDC on an ETH sale, another
/// configured token) are reported as `wrongAsset`, never as payments.
@Suite("Ethereum watcher: wrong-asset deposits")
struct EthereumWrongAssetTests {
    private static func strays(_ events: [EthereumEvent]) -> [PaymentObservation] {
        events.compactMap { if case .wrongAsset(let observation) = $0 { return observation }; return nil }
    }

    @Test("ETH sent to a USDC sale's address (directly or by a contract) is a wrong-asset deposit, not a payment")
    func etherOnATokenSale() async throws {
        let node = try await EVMNode.start()
        let accounts = try await node.accounts()
        let token = try await node.deployToken(name: "USD Coin", symbol: "USDC", decimals: 6, supply: 1_000_000_000)
        let forwarder = try await node.deployToken(name: "Wallet", symbol: "W", decimals: 0, supply: 0)
        let usdc = tokenAsset(token)
        let log = EVMEventLog()
        let watcher = EthereumWatcher(backend: EthereumRPCBackend(url: node.url, timeoutSeconds: 30), native: nil, tokens: [usdc],
                                      others: [testETH, usdc, Asset(id: "WRONG", symbol: "USDC", decimals: 18, kind: usdc.kind)],
                                      settings: EthereumWatcherSettings(chainID: EVMNode.chainID, confirmations: 3),
                                      sink: log, cursorStore: EVMCursorMemory())
        let sale = freshEthereumAddress()
        try await watcher.watch(sale, for: usdc)
        #expect(await watcher.tick())
        _ = await log.drain()
        try await node.sendEth(from: accounts[1], to: sale, wei: 20_000_000_000_000_000)
        #expect(await watcher.tick())
        let direct = await log.drain()
        #expect(direct.compactMap(\.observation).isEmpty, "ETH is never a USDC payment")
        let first = try #require(Self.strays(direct).first, "\(direct)")
        #expect(Self.strays(direct).count == 1)
        #expect(first.amount == CoinAmount(units: 20_000_000_000_000_000, asset: testETH))
        #expect(first.address == sale)
        #expect(first.confirmations == 1 && first.blockHash != nil)
        try await node.forwardEth(through: forwarder, from: accounts[2], to: sale, wei: 5_000)
        try await node.mine(1)
        #expect(await watcher.tick())
        let forwarded = await log.drain()
        #expect(Self.strays(forwarded).map(\.amount.units) == [5_000], "\(forwarded)")
        // The USDC payment itself still counts (and is no wrong-asset deposit of another coin naming the same contract).
        try await node.transferToken(token, from: accounts[0], to: sale, units: 1_000_000)
        #expect(await watcher.tick())
        let paid = await log.drain()
        #expect(paid.compactMap(\.observation).map(\.amount) == [CoinAmount(units: 1_000_000, asset: usdc)])
        #expect(Self.strays(paid).isEmpty)
    }

    @Test("USDC, or another configured token, sent to an ETH sale's address is a wrong-asset deposit")
    func tokensOnAnEtherSale() async throws {
        let node = try await EVMNode.start()
        let accounts = try await node.accounts()
        let token = try await node.deployToken(name: "USD Coin", symbol: "USDC", decimals: 6, supply: 1_000_000_000)
        let other = try await node.deployToken(name: "Dai", symbol: "DAI", decimals: 18, supply: 1_000_000_000_000)
        let impostor = try await node.deployToken(name: "USD Coin", symbol: "USDC", decimals: 6, supply: 1_000_000_000)
        let usdc = tokenAsset(token), dai = tokenAsset(other, symbol: "DAI", decimals: 18)
        let log = EVMEventLog()
        let watcher = EthereumWatcher(backend: EthereumRPCBackend(url: node.url, timeoutSeconds: 30), native: testETH, tokens: [],
                                      others: [testETH, usdc, dai],
                                      settings: EthereumWatcherSettings(chainID: EVMNode.chainID, confirmations: 3),
                                      sink: log, cursorStore: EVMCursorMemory())
        let sale = freshEthereumAddress()
        try await watcher.watch(sale, for: testETH)
        #expect(await watcher.tick())
        _ = await log.drain()
        let sent = try await node.transferToken(token, from: accounts[0], to: sale, units: 96_130_000)
        try await node.transferToken(other, from: accounts[0], to: sale, units: 7)
        try await node.transferToken(impostor, from: accounts[0], to: sale, units: 1)
        let ticked = await watcher.tick()
        let events = await log.drain()
        #expect(ticked, "the tick failed: \(events)")
        #expect(events.compactMap(\.observation).isEmpty, "tokens are never an ETH payment")
        let strays = Self.strays(events)
        #expect(Set(strays.map(\.amount)) == [CoinAmount(units: 96_130_000, asset: usdc), CoinAmount(units: 7, asset: dai)],
                "an unconfigured token is not reported: \(strays)")
        #expect(strays.first { $0.amount.asset == usdc }?.ref.txid == sent)
    }
}
