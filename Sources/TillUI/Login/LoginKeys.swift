import TillCore

extension TillModel {
    /// A key while the PIN screen is up: pick a user (arrows or letters), type the PIN (digits), Enter checks it.
    mutating func loginKey(_ key: Key) -> [TillEffect] {
        if key == .function(10) {
            if paymentPending { confirmation = .quit; return [] }
            return [.quit]
        }
        guard let users = login.users else { return [] }
        return users.isEmpty ? firstRunKey(key) : pickAndPINKey(key, users)
    }

    private mutating func pickAndPINKey(_ key: Key, _ users: [LoginUser]) -> [TillEffect] {
        switch key {
        case .up, .down:
            login.cursor = max(0, min(users.count - 1, login.cursor + (key == .up ? -1 : 1)))
            login.pin.text = ""
            login.typedName = ""
            login.problem = nil
        case .character(let character) where !(character.isASCII && character.isNumber):
            guard !character.isNewline, character.asciiValue.map({ $0 >= 32 }) ?? true else { return [] }
            let typed = login.typedName + String(character)
            guard let index = users.firstIndex(where: { $0.name.lowercased().hasPrefix(typed.lowercased()) }) else {
                login.problem = "no user name starts with \"\(typed)\""
                return []
            }
            login.typedName = typed
            login.cursor = index
            login.pin.text = ""
            login.problem = nil
        case .backspace where login.pin.text.isEmpty && !login.typedName.isEmpty:
            login.typedName.removeLast()
        case .escape:
            login.pin.text = ""
            login.typedName = ""
            login.problem = nil
        default:
            switch login.pin.apply(key) {
            case .submitted:
                guard let user = login.selectedUser else { return [] }
                guard login.pin.text.count >= 4 else { login.problem = "type your PIN: 4 to 12 digits, then Enter"; return [] }
                let pin = login.pin.text
                login.pin.text = ""
                login.typedName = ""
                return [.login(.logIn(name: user.name, pin: pin))]
            case .edited: login.problem = nil
            case .cancelled, .ignored: break
            }
        }
        return []
    }

    /// First run: name, PIN and the PIN again; Tab or Enter moves on, Enter on the last field creates the manager.
    private mutating func firstRunKey(_ key: Key) -> [TillEffect] {
        let fields = FirstRunField.allCases
        switch key {
        case .tab, .down:
            login.field = fields[(login.field.rawValue + 1) % fields.count]
            return []
        case .backTab, .up:
            login.field = fields[(login.field.rawValue + fields.count - 1) % fields.count]
            return []
        default:
            break
        }
        let outcome: TextField.Outcome = switch login.field {
        case .name: login.newName.apply(key)
        case .pin: login.newPIN.apply(key)
        case .repeatPIN: login.repeatPIN.apply(key)
        }
        switch outcome {
        case .edited: login.problem = nil
        case .cancelled:
            login.newPIN.text = ""
            login.repeatPIN.text = ""
            login.field = .name
        case .ignored: break
        case .submitted:
            if login.field != .repeatPIN { login.field = fields[login.field.rawValue + 1]; return [] }
            return createFirstManager()
        }
        return []
    }

    private mutating func createFirstManager() -> [TillEffect] {
        let name = login.newName.text.trimmingCharacters(in: .whitespaces)
        if name.isEmpty { login.problem = "type the manager's name"; login.field = .name; return [] }
        if !(4...12).contains(login.newPIN.text.count) { login.problem = "a manager's PIN is 4 to 12 digits"; login.field = .pin; return [] }
        guard login.newPIN.text == login.repeatPIN.text else {
            login.problem = "the two PINs differ: type them again"
            login.newPIN.text = ""
            login.repeatPIN.text = ""
            login.field = .pin
            return []
        }
        let pin = login.newPIN.text
        login.newPIN.text = ""
        login.repeatPIN.text = ""
        return [.login(.createManager(name: name, pin: pin))]
    }

    /// A key while the manager-PIN dialog is open: it takes every key; Esc closes it.
    mutating func overrideKey(_ key: Key) -> [TillEffect] {
        guard var dialog = login.override else { return [] }
        defer { if login.override != nil { login.override = dialog } }
        switch key {
        case .tab, .backTab, .up, .down:
            dialog.field = dialog.field == .manager ? .pin : .manager
            return []
        default:
            break
        }
        let outcome = dialog.field == .manager ? dialog.manager.apply(key) : dialog.pin.apply(key)
        switch outcome {
        case .cancelled:
            login.override = nil
            switch dialog.purpose {
            case .managerScreen: notice = Notice("manager screen not opened", .info)
            case .cancelSale: notice = Notice("the sale was not cancelled", .info)
            }
        case .edited: dialog.problem = nil
        case .ignored: break
        case .submitted:
            let manager = dialog.manager.text.trimmingCharacters(in: .whitespaces)
            if manager.isEmpty { dialog.problem = "type the manager's name"; dialog.field = .manager; return [] }
            if dialog.field == .manager { dialog.field = .pin; return [] }
            guard dialog.pin.text.count >= 4 else { dialog.problem = "the manager's PIN is 4 to 12 digits"; return [] }
            let pin = dialog.pin.text
            dialog.pin.text = ""
            switch dialog.purpose {
            case .managerScreen: return [.login(.overrideVisit(manager: manager, pin: pin))]
            case .cancelSale(let saleID, _): return [.login(.approveCancel(manager: manager, pin: pin, saleID: saleID))]
            }
        }
        return []
    }
}
