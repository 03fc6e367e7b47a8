import TillCore

extension EthereumFeed {
    /// The assets a coin on `chainID` reports as wrong-asset deposits: the chain's configured coins, and its native
    /// coin even when the till does not accept it (named ETH then, as on Ethereum and its rollups).
    static func wrongAssets(chainID: UInt64, configured: [Asset]) -> [Asset] {
        var assets = configured.filter { asset in
            switch asset.kind {
            case .evmNative(let id), .erc20(_, let id): id == chainID
            case .utxo: false
            }
        }
        if !assets.contains(where: { if case .evmNative = $0.kind { true } else { false } }) {
            assets.append(Asset(id: "ETH-\(chainID)", symbol: "ETH", decimals: 18, kind: .evmNative(chainID: chainID)))
        }
        return assets
    }
}
