import TillWallet

/// Addresses derived per second for each address type (one CKDpub + hashing + encoding per address).
func runWalletBench() async throws {
    let count = 20_000
    let accounts: [(AddressType, String, Network)] = [
        (.p2pkh, "xpub6BosfCnifzxcFwrSzQiqu2DBVTshkCXacvNsWGYJVVhhawA7d4R5WSWGFNbi8Aw6ZRc1brxMyWMzG3DSSSSoekkudhUd9yLb6qx39T9nMdj", .bitcoin),
        (.p2shP2wpkh, "ypub6Ww3ibxVfGzLrAH1PNcjyAWenMTbbAosGNB6VvmSEgytSER9azLDWCxoJwW7Ke7icmizBMXrzBx9979FfaHxHcrArf3zbeJJJUZPf663zsP", .bitcoin),
        (.p2wpkh, "zpub6rFR7y4Q2AijBEqTUquhVz398htDFrtymD9xYYfG1m4wAcvPhXNfE3EfH1r1ADqtfSdVCToUG868RvUUkgDKf31mGDtKsAYz2oz2AGutZYs", .bitcoin),
        (.p2tr, "xpub6BgBgsespWvERF3LHQu6CnqdvfEvtMcQjYrcRzx53QJjSxarj2afYWcLteoGVky7D3UKDP9QyrLprQ3VCECoY49yfdDEHGCtMMj92pReUsQ", .bitcoin),
        (.evm, "xpub6DCoCpSuQZB2jawqnGMEPS63ePKWkwWPH4TU45Q7LPXWuNd8TMtVxRrgjtEshuqpK3mdhaWHPFsBngh5GFZaM6si3yZdUsT8ddYM3PwnATt", .ethereum),
    ]
    for (type, key, network) in accounts {
        let wallet = try WatchOnlyWallet(parsing: key, network: network, addressType: type == .evm ? nil : type)
        var checksum = 0
        let clock = ContinuousClock()
        let elapsed = try clock.measure {
            for index in 0..<count { checksum &+= try wallet.derive(index: index).address.utf8.count }
        }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        print("wallet: \(type.rawValue) addresses derived = \(Int(Double(count) / seconds)) /s (\(count) addresses, \(checksum) chars)")
    }
}
