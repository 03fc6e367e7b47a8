import Foundation
import TillCore

/// The lines under "to <network>:" on the payment screen. An EVM recipient is the one complete address on its own
/// line (copyable in one piece, EIP-55 case kept); a Bitcoin-style address is grouped by four for reading aloud. A
/// token's contract is never printed whole next to it: only a short, labelled identity with the chain, so the
/// address a customer may copy by mistake is not the one shown best.
enum PaymentAddressLines {
    struct Line: Equatable {
        let text: String
        let style: CellStyle
    }

    static func lines(quote: Quote, asset: Asset, width: Int) -> [Line] {
        guard width > 0 else { return [] }
        let recipient = CellStyle(role: .text, bold: true)
        switch asset.kind {
        case .utxo:
            return TillScreen.wrap(TillScreen.grouped(quote.address), width: width).map { Line(text: $0, style: recipient) }
        case .evmNative:
            return chunks(quote.address, width: width).map { Line(text: $0, style: recipient) }
        case .erc20(let contract, let chainID):
            let warning = "Send \(asset.symbol) to the address above, never to the token contract"
            return chunks(quote.address, width: width).map { Line(text: $0, style: recipient) }
                + TillScreen.wrap(warning, width: width).map { Line(text: $0, style: CellStyle(role: .warning, bold: true)) }
                + TillScreen.wrap("token contract \(shortAddress(contract)) on chain \(chainID)", width: width)
                    .map { Line(text: $0, style: CellStyle(role: .muted)) }
        }
    }

    /// "0xF2E2…9b5b": enough to recognise a contract, too short to copy and pay to.
    static func shortAddress(_ address: String) -> String {
        guard address.count > 12 else { return address }
        return address.prefix(6) + "…" + address.suffix(4)
    }

    /// The address whole when it fits, else cut into `width`-wide pieces (never at spaces: it has none).
    private static func chunks(_ text: String, width: Int) -> [String] {
        var rest = Substring(text), pieces: [String] = []
        while !rest.isEmpty {
            pieces.append(String(rest.prefix(width)))
            rest = rest.dropFirst(width)
        }
        return pieces
    }
}
