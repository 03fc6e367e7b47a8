import Foundation
import TillCore

/// Turns a `SaleEffect` into an outbox row (kind + JSON) and back, so effects survive a restart.
public enum EffectPayload {
    /// The outbox kind and JSON body of an effect.
    public static func encode(_ effect: SaleEffect) throws -> (kind: String, json: String) {
        var record = EffectRecord()
        let kind: String
        switch effect {
        case .requestQuote(let asset, let amount, let remainder, let reuseAddress):
            kind = "requestQuote"
            record.asset = asset; record.amount = amount; record.remainder = remainder; record.address = reuseAddress
        case .watch(let address, let asset):
            kind = "watch"; record.address = address; record.asset = asset
        case .unwatch(let address, let asset):
            kind = "unwatch"; record.address = address; record.asset = asset
        case .notify(let notice):
            kind = "notify"; record.notice = NoticeRecord(notice)
        case .adjustStock(let changes):
            kind = "adjustStock"; record.changes = changes
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (kind, String(decoding: try encoder.encode(record), as: UTF8.self))
    }

    /// The effect an outbox row stands for; nil when the kind or body is not one this Till writes.
    public static func decode(kind: String, json: String) -> SaleEffect? {
        guard let record = try? JSONDecoder().decode(EffectRecord.self, from: Data(json.utf8)) else { return nil }
        switch kind {
        case "requestQuote":
            guard let asset = record.asset, let amount = record.amount else { return nil }
            return .requestQuote(asset: asset, amount: amount, remainder: record.remainder, reuseAddress: record.address)
        case "watch":
            guard let address = record.address, let asset = record.asset else { return nil }
            return .watch(address: address, asset: asset)
        case "unwatch":
            guard let address = record.address, let asset = record.asset else { return nil }
            return .unwatch(address: address, asset: asset)
        case "notify":
            return record.notice?.notice.map { .notify($0) }
        case "adjustStock":
            return record.changes.map { .adjustStock($0) }
        default:
            return nil
        }
    }
}

/// The flat JSON shape of every effect (absent fields are omitted).
private struct EffectRecord: Codable {
    var asset: Asset?
    var amount: FiatAmount?
    var remainder: CoinAmount?
    var address: String?
    var notice: NoticeRecord?
    var changes: [StockChange]?
}

/// A `SaleNotice` as JSON: its case name plus whichever values it carries.
private struct NoticeRecord: Codable {
    var kind: String
    var ref: PaymentRef?
    var count: Int?
    var of: Int?
    var coin: CoinAmount?
    var text: String?

    init(kind: String, ref: PaymentRef? = nil, count: Int? = nil, of: Int? = nil, coin: CoinAmount? = nil,
         text: String? = nil) {
        self.kind = kind; self.ref = ref; self.count = count; self.of = of; self.coin = coin; self.text = text
    }

    init(_ notice: SaleNotice) {
        switch notice {
        case .quoted: self.init(kind: "quoted")
        case .paymentSeen(let ref): self.init(kind: "paymentSeen", ref: ref)
        case .confirmations(let count, let of): self.init(kind: "confirmations", count: count, of: of)
        case .paid: self.init(kind: "paid")
        case .overpaid(let by): self.init(kind: "overpaid", coin: by)
        case .underpaid(let stillDue): self.init(kind: "underpaid", coin: stillDue)
        case .expired: self.init(kind: "expired")
        case .paidLate: self.init(kind: "paidLate")
        case .reorged(let ref): self.init(kind: "reorged", ref: ref)
        case .doubleSpent(let ref): self.init(kind: "doubleSpent", ref: ref)
        case .wrongAsset(let amount): self.init(kind: "wrongAsset", coin: amount)
        case .cancelled: self.init(kind: "cancelled")
        case .acceptedByManager(let reason): self.init(kind: "acceptedByManager", text: reason)
        case .voided(let reason): self.init(kind: "voided", text: reason)
        case .rejected(let why): self.init(kind: "rejected", text: why)
        }
    }

    var notice: SaleNotice? {
        switch kind {
        case "quoted": return .quoted
        case "paymentSeen": return ref.map { .paymentSeen($0) }
        case "confirmations": return count.flatMap { count in of.map { .confirmations(count, of: $0) } }
        case "paid": return .paid
        case "overpaid": return coin.map { .overpaid(by: $0) }
        case "underpaid": return coin.map { .underpaid(stillDue: $0) }
        case "expired": return .expired
        case "paidLate": return .paidLate
        case "reorged": return ref.map { .reorged($0) }
        case "doubleSpent": return ref.map { .doubleSpent($0) }
        case "wrongAsset": return coin.map { .wrongAsset($0) }
        case "cancelled": return .cancelled
        case "acceptedByManager": return text.map { .acceptedByManager(reason: $0) }
        case "voided": return text.map { .voided(reason: $0) }
        case "rejected": return text.map { .rejected($0) }
        default: return nil
        }
    }
}
