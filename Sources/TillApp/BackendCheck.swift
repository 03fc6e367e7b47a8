import Foundation
import TillChain
import TillConfig
import TillCore

/// `till config check --online`: asks every coin's backend (and fallback), with the configured credentials, which
/// network it serves and how far its chain is, the same way the till will: a wrong password, a dead node or a node
/// on another network is named here instead of as an offline coin after start. Nothing is written.
public enum BackendCheck {
    /// One backend's result, one line.
    public struct Finding: Sendable, Hashable {
        public let ok: Bool
        public let text: String
    }

    /// Checks every backend of `configuration`, one after another (each bounded by `timeoutSeconds`).
    public static func run(_ configuration: TillConfiguration, timeoutSeconds: Int = 10) async -> [Finding] {
        var findings: [Finding] = []
        for coin in configuration.coins {
            findings.append(await check(coin, coin.backend, role: "backend", timeoutSeconds: timeoutSeconds))
            if let fallback = coin.fallback {
                findings.append(await check(coin, fallback, role: "fallback", timeoutSeconds: timeoutSeconds))
            }
        }
        return findings
    }

    /// `run` for a synchronous caller (the command line): waits on a semaphore off Swift's cooperative pool.
    public static func runBlocking(_ configuration: TillConfiguration, timeoutSeconds: Int = 10) -> [Finding] {
        let done = DispatchSemaphore(value: 0)
        let result = ResultBox()
        Task.detached {
            result.findings = await run(configuration, timeoutSeconds: timeoutSeconds)
            done.signal()
        }
        done.wait()
        return result.findings
    }

    static func check(_ coin: CoinSettings, _ settings: BackendSettings, role: String, timeoutSeconds: Int) async -> Finding {
        let subject = "\(coin.asset.id) \(role) (\(settings.kind.rawValue) \(settings.host))"
        guard let url = URL(string: settings.url) else { return Finding(ok: false, text: "\(subject): the URL is not a URL") }
        do {
            switch (coin.network, settings.kind) {
            case (.utxo, .bitcoinRPC):
                let tip = try await LiveAssembly.bitcoinBackend(settings, coin.network, timeoutSeconds: timeoutSeconds).tip()
                return Finding(ok: true, text: "\(subject): serves \(coin.network), logged in, tip at height \(tip.height)")
            case (.utxo, .esplora):
                let height = try await LiveAssembly.esploraClient(settings, coin.network, timeoutSeconds: timeoutSeconds).tipHeight()
                return Finding(ok: true, text: "\(subject): serves \(coin.network) (genesis block checked), tip at height \(height)")
            case (.evm(_, let chainID), .ethereumRPC):
                let backend = EthereumRPCBackend(url: url, timeoutSeconds: timeoutSeconds)
                try await backend.requireChain(chainID)
                if case .erc20 = coin.asset.kind { try await backend.verifyToken(coin.asset) }
                let height = try await backend.blockNumber()
                let token = if case .erc20 = coin.asset.kind { ", token decimals and symbol match" } else { "" }
                return Finding(ok: true, text: "\(subject): serves chain id \(chainID)\(token), latest block \(height)")
            default:
                return Finding(ok: false, text: "\(subject): a \(settings.kind.rawValue) backend cannot serve a \(coin.network) coin")
            }
        } catch {
            return Finding(ok: false, text: "\(subject): \(ErrorText.message(error))")
        }
    }

    private final class ResultBox: @unchecked Sendable {
        var findings: [Finding] = []
    }
}
