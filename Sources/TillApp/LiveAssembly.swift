import Foundation
import TillConfig
import TillCore
import TillUI

/// The live till: real wallets, the SQLite store, chain watchers and rate sources.
enum LiveAssembly {
    static func runner(configuration: TillConfiguration, shop: ShopInfo, catalog: Catalog, cashier: String, inbox: Inbox,
                       log: FileLog, receipts: ReceiptWriter, now: Date) throws -> TillRunner {
        throw TillAppError("live coins are not wired yet in this build: run `till --training`")
    }
}
