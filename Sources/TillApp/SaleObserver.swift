import TillCore

/// Told about every sale change once it is safely in SQLite (hooks, printers, stock alerts, …).
/// Called on the runner's thread: do slow work in a task, never block.
public protocol SaleObserver: AnyObject {
    func saleSaved(_ sale: Sale, effects: [SaleEffect])
}
