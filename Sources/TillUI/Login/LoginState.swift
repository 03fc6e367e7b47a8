import TillCore

/// What the PIN screen shows and has typed so far.
public struct LoginState: Hashable, Sendable {
    public init() {}
}

/// Results of the login service, back to the model.
public enum LoginEvent: Sendable {
    /// The service could not do what the screen asked (the message is for the screen).
    case failed(String)
}

/// What the PIN screen asks the login service to do.
public enum LoginEffect: Hashable, Sendable {
    /// Log the current user out.
    case logout
}

extension TillModel {
    /// A key while the PIN screen is up.
    mutating func loginKey(_ key: Key) -> [TillEffect] { [] }

    /// A login service result.
    mutating func handleLogin(_ event: LoginEvent) -> [TillEffect] {
        switch event {
        case .failed(let message): notice = Notice(message, .error); return []
        }
    }

    /// `m`: opens the manager screen for a manager; a cashier needs a manager's PIN (override).
    mutating func requestManagerScreen() -> [TillEffect] {
        if let session, session.isManager { return openManager(approver: session.name, onBehalfOf: nil) }
        notice = Notice("the manager screen needs a manager PIN", .warning)
        return []
    }
}

/// Draws the PIN screen.
enum LoginScreen {
    static func draw(_ model: TillModel, on canvas: inout Canvas, in rect: Rect) {
        _ = canvas.writeCentered("Log in", y: rect.y + 2, in: rect, style: CellStyle(role: .accent, bold: true))
    }
}
