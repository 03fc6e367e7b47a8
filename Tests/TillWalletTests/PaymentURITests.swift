import BigInt
import PropertyBased
import Testing
import TillCore
@testable import TillWallet

/// BIP21/BIP321 and EIP-681 generation, parsing, round trips and refusals.
struct PaymentURITests {
    static let bech32 = "bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu"

    @Test func bitcoinURIForTheQR() throws {
        let amount = try CoinAmount(parsing: "0.00123400", asset: .btc)
        let uri = try BitcoinPaymentURI(address: Self.bech32, network: .bitcoin, amount: amount, label: "Café Nord", message: "Sale #42/7")
        #expect(uri.uri == "BITCOIN:BC1QCR8TE4KR609GCAWUTMRZA0J4XV80JY8Z306FYU?amount=0.001234&label=Caf%C3%A9%20Nord&message=Sale%20%2342%2F7")
    }

    @Test func base58AddressesKeepTheirCaseAndALowerCaseScheme() throws {
        let uri = try BitcoinPaymentURI(address: "1LqBGSKuX5yYUonjxT5qGfpUsXKYYWeabA", network: .bitcoin,
                                        amount: CoinAmount(units: 100_000_000, asset: .btc))
        #expect(uri.uri == "bitcoin:1LqBGSKuX5yYUonjxT5qGfpUsXKYYWeabA?amount=1")
    }

    @Test func litecoinURI() throws {
        let zpub = try ExtendedPublicKey(parsing: AddressVectorTests.bip84Zpub)
        let wallet = try WatchOnlyWallet(parsing: zpub.serialized(as: "xpub"), network: .litecoin, addressType: .p2wpkh)
        let address = try wallet.derive(index: 0).address
        let uri = try BitcoinPaymentURI(address: address, network: .litecoin, amount: CoinAmount(units: 5, asset: .ltc))
        #expect(uri.uri == "LITECOIN:\(address.uppercased())?amount=0.00000005")
        #expect(try BitcoinPaymentURI(parsing: uri.uri) == uri)
        #expect(throws: WalletError.self) { try BitcoinPaymentURI(address: address, network: .bitcoin, amount: nil) }
        #expect(throws: WalletError.self) { try BitcoinPaymentURI(address: address, network: .litecoin, amount: CoinAmount(units: 5, asset: .btc)) }
    }

    @Test func parsesBIP321Forms() throws {
        let parsed = try BitcoinPaymentURI(parsing: "bitcoin:\(Self.bech32)?AMOUNT=0.5&Label=Shop&message=a%20b&other=x")
        #expect(parsed.amount?.units == 50_000_000)
        #expect(parsed.label == "Shop")
        #expect(parsed.message == "a b")
        #expect(parsed.address == Self.bech32)
        #expect(try BitcoinPaymentURI(parsing: "BITCOIN:\(Self.bech32.uppercased())").address == Self.bech32)
    }

    @Test func badBitcoinURIsEachGiveAClearError() {
        let cases: [(String, String)] = [
            ("bitcoin:\(Self.bech32)?amount=1e-3", "exponent"),
            ("bitcoin:\(Self.bech32)?amount=0.000000001", "not a valid BTC amount"),
            ("bitcoin:\(Self.bech32)?amount=1,5", "no commas"),
            ("bitcoin:\(Self.bech32)?req-somethingnew=1", "req-somethingnew"),
            ("bitcoin:\(Self.bech32)?amount=1&amount=2", "twice"),
            ("bitcoin:\(Self.bech32)?label=%zz", "percent-escape"),
            ("bitcoin:bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyv", "checksum"),
            ("dogecoin:DH5yaieqoZN36fDVciNyRueRGvGLR3mr7L", "scheme"),
            ("bitcoin:", "no address"),
            ("litecoin:\(Self.bech32)", "bitcoin"),
        ]
        for (text, phrase) in cases {
            do {
                _ = try BitcoinPaymentURI(parsing: text)
                Issue.record("accepted \(text)")
            } catch {
                #expect(error.message.contains(phrase), "\(text): \(error.message)")
            }
        }
    }

    @Test func bitcoinURIsRoundTrip() async throws {
        let wallet = try WatchOnlyWallet(parsing: AddressVectorTests.bip84Zpub, network: .bitcoin)
        let legacy = try WatchOnlyWallet(parsing: AddressVectorTests.bip44Xpub, network: .bitcoin, addressType: .p2pkh)
        let text = Gen.character(in: " "..."ÿ").string(of: 0...20)
        await propertyCheck(count: 200, input: Gen.uint64(in: 0...2_100_000_000_000_000), Gen.int(in: 0...50), text, text) { sats, index, label, message in
            for source in [wallet, legacy] {
                let address = try source.derive(index: index).address
                let original = try BitcoinPaymentURI(address: address, network: .bitcoin, amount: CoinAmount(units: BigUInt(sats), asset: .btc),
                                                     label: label, message: message)
                let amountText = original.uri.split(separator: "amount=")[1].prefix { $0 != "&" }
                #expect(amountText.allSatisfy { "0123456789.".contains($0) } && amountText.split(separator: ".").last.map { $0.count <= 8 || !amountText.contains(".") } == true)
                let parsed = try BitcoinPaymentURI(parsing: original.uri)
                #expect(parsed == original, "\(original.uri)")
            }
        }
    }

    static let recipient = "0x9858EfFD232B4033E47d90003D41EC34EcaEda94"
    static let usdc = Asset(id: "USDC", symbol: "USDC", decimals: 6,
                            kind: .erc20(contract: "0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48", chainID: 1))

    @Test func eip681NativeAndToken() throws {
        let eth = try EthereumPaymentURI(recipient: Self.recipient, amount: CoinAmount(parsing: "0.015", asset: .eth))
        #expect(eth.uri == "ethereum:0x9858EfFD232B4033E47d90003D41EC34EcaEda94@1?value=15000000000000000")
        let token = try EthereumPaymentURI(recipient: Self.recipient.lowercased(), amount: CoinAmount(parsing: "12.5", asset: Self.usdc))
        #expect(token.uri == "ethereum:0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48@1/transfer?address=0x9858EfFD232B4033E47d90003D41EC34EcaEda94&uint256=12500000")
        #expect(try EthereumPaymentURI(parsing: token.uri) == token)
        #expect(try EthereumPaymentURI(parsing: token.uri).amount(in: Self.usdc)?.units == 12_500_000)
        #expect(throws: WalletError.self) { try EthereumPaymentURI(parsing: token.uri).amount(in: .eth) }
    }

    @Test func eip681ScientificNotationFromTheSpec() throws {
        // EIP-681's own examples: value=2.014e18 and uint256=12.5e6 (USDC with 6 decimals).
        let native = try EthereumPaymentURI(parsing: "ethereum:\(Self.recipient)@1?value=2.014e18")
        #expect(native.request == .native(recipient: Self.recipient, wei: BigUInt(2014) * BigUInt(10).power(15)))
        let token = try EthereumPaymentURI(parsing: "ethereum:0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48@1/transfer?address=\(Self.recipient)&uint256=12.5e6")
        #expect(try token.amount(in: Self.usdc)?.units == 12_500_000)
    }

    @Test func badEthereumURIsEachGiveAClearError() {
        let cases: [(String, String)] = [
            ("ethereum:\(Self.recipient)?value=5e-1", "exponent"),
            ("ethereum:\(Self.recipient)?value=0.5", "whole number"),
            ("ethereum:\(Self.recipient)@0?value=1", "chain id"),
            ("ethereum:0x9858EfFD232B4033E47d90003D41EC34EcaEda95?value=1", "EIP-55"),
            ("ethereum:alice.eth?value=1", "ENS"),
            ("ethereum:\(Self.recipient)@1/approve?address=\(Self.recipient)", "approve"),
            ("ethereum:\(Self.recipient)@1/transfer?uint256=1", "recipient"),
            ("ethereum:0x1234?value=1", "40 hex"),
            ("bitcoin:\(Self.recipient)", "not an ethereum"),
        ]
        for (text, phrase) in cases {
            do {
                _ = try EthereumPaymentURI(parsing: text)
                Issue.record("accepted \(text)")
            } catch {
                #expect(error.message.contains(phrase), "\(text): \(error.message)")
            }
        }
    }

    @Test func ethereumURIsRoundTrip() async throws {
        let xpub = "xpub6DCoCpSuQZB2jawqnGMEPS63ePKWkwWPH4TU45Q7LPXWuNd8TMtVxRrgjtEshuqpK3mdhaWHPFsBngh5GFZaM6si3yZdUsT8ddYM3PwnATt"
        let wallet = try WatchOnlyWallet(parsing: xpub, network: .ethereum)
        await propertyCheck(count: 200, input: Gen.uint64(), Gen.uint64(), Gen.int(in: 0...50), Gen.bool) { high, low, index, isToken in
            let units = BigUInt(high) << 64 | BigUInt(low)
            let asset = isToken ? Self.usdc : .eth
            let original = try EthereumPaymentURI(recipient: wallet.derive(index: index).address, amount: CoinAmount(units: units, asset: asset))
            let parsed = try EthereumPaymentURI(parsing: original.uri)
            #expect(parsed == original)
            #expect(try parsed.amount(in: asset)?.units == units)
        }
    }
}
