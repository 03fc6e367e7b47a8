import Foundation
import TillConfig
import TillHooks
import TillStore
import TillUI

/// Builds the `HookService` the launcher attaches to the runner, live or training.
enum HookAttachment {
    /// Live: the configured printers, webhooks (outbox in the till's SQLite) and command hooks. Problems with
    /// printers and hooks are checked in the background and logged; `till config check` reports the same.
    static func live(configuration: TillConfiguration, store: any LedgerStore, shop: ShopInfo, inbox: Inbox, log: FileLog) -> HookService {
        let setup = HookSetup(configuration)

        let printers = ReceiptPrinters(setup.printers, header: configuration.shop.receiptHeader,
                                       footer: configuration.shop.receiptFooter, inbox: inbox, log: log)
        let service = HookService(endpoints: setup.endpoints, commands: setup.commands, printers: printers,
                                  outbox: store.webhookOutbox(), shop: shop, log: log, inbox: inbox)
        Task.detached {
            // Connecting to a printer that is off takes seconds: never on the way to the first screen.
            service.reportConfigurationProblems(setup.problems + HookSetup.check(configuration).map(\.description))
        }
        return service
    }

    /// Training never reaches the shop: no webhooks (no outbox), no commands (a door opener must not open),
    /// and receipts "print" only to `<directory>/printed.txt`.
    static func training(directory: URL, configuration: TillConfiguration, shop: ShopInfo, inbox: Inbox, log: FileLog) -> HookService {
        try? PrivateFiles.directory(directory.path)
        let setup = HookSetup.training(directory: directory)
        let printers = ReceiptPrinters(setup.printers, header: configuration.shop.receiptHeader,
                                       footer: configuration.shop.receiptFooter, inbox: inbox, log: log)
        return HookService(endpoints: [], commands: [], printers: printers, outbox: nil, shop: shop, log: log, inbox: inbox)
    }
}
