import TillCore
import TillHooks

extension ConfigLoader {
    static func parseRates(_ table: TableReader?, coins: [CoinSettings], root: TableReader) -> RateSettings {
        var rates = RateSettings.defaults
        guard let table else { return rates }
        table.rejectUnknownKeys(ConfigKeys.rates)
        if let names = table.strings("sources") {
            var sources: [RateSettings.Source] = []
            for (index, name) in names.enumerated() {
                if let source = RateSettings.Source(rawValue: name) { sources.append(source) }
                else { table.report("sources[\(index)]", "\"\(name)\" is not one of: \(RateSettings.Source.allCases.map(\.rawValue).joined(separator: ", "))") }
            }
            if names.isEmpty { table.report("sources", "must list at least one source") }
            rates.sources = sources
        }
        if let age = table.duration("max_age", minimumMilliseconds: 1_000) { rates.maxAgeSeconds = age / 1_000 }
        if let text = table.decimal("max_deviation_percent", unit: "a percentage") {
            if let value = try? DecimalNumber(parsing: text.text) { rates.maxDeviationPercent = value }
            else { table.report("max_deviation_percent", "\"\(text.text)\" is not a decimal number such as \"2.5\"") }
        }
        if let fixed = table.table("fixed") {
            for key in fixed.entries.keys.sorted() {
                guard let text = fixed.decimal(key, unit: "a price per coin") else { continue }
                guard let price = try? DecimalNumber(parsing: text.text), !price.isZero else {
                    fixed.report(key, "\"\(text.text)\" is not a positive price such as \"1.00\""); continue
                }
                if !coins.isEmpty, !coins.contains(where: { $0.asset.id.uppercased() == key.uppercased() }) {
                    fixed.report(key, "no [[coin]] has id \"\(key)\"")
                }
                rates.fixed[key] = price
            }
        }
        if rates.sources.contains(.fixed), rates.fixed.isEmpty {
            table.report("sources", "lists \"fixed\" but [rates.fixed] sets no prices")
        }
        return rates
    }

    static func parsePrinters(_ tables: [TableReader], absolute: (String) -> String) -> [PrinterSettings] {
        var printers: [PrinterSettings] = []
        for (index, table) in tables.enumerated() {
            table.rejectUnknownKeys(ConfigKeys.printer)
            let name = table.nonEmptyString("name") ?? "printer-\(index + 1)"
            let kind = table.choice("type", PrinterSettings.Kind.allCases.map(\.rawValue), required: true).flatMap(PrinterSettings.Kind.init)
            let path = table.nonEmptyString("path").map(absolute)
            let host = table.nonEmptyString("host")
            let port = table.integer("port", in: 1...65_535) ?? 9100
            let columns = table.integer("columns", in: 16...200) ?? 42
            let reports = table.boolean("print_reports") ?? false
            switch kind {
            case .escposDevice?, .textFile?:
                if path == nil, !table.has("path") { table.report("path", "missing; a \(kind!.rawValue) printer writes to a path (e.g. /dev/usb/lp0)") }
                if table.has("host") { table.report("host", "applies only to escpos-network") }
            case .escposNetwork?:
                if host == nil, !table.has("host") { table.report("host", "missing; an escpos-network printer needs the printer's host name or address") }
                if table.has("path") { table.report("path", "applies only to escpos-device and text-file") }
            case nil: break
            }
            if let kind { printers.append(PrinterSettings(name: name, kind: kind, path: path, host: host, port: port, columns: columns, printReports: reports)) }
        }
        return printers
    }

    static func parseHooks(_ tables: [TableReader], environment: [String: String]) -> [HookSettings] {
        var hooks: [HookSettings] = []
        var names = Set<String>()
        for (index, table) in tables.enumerated() {
            table.rejectUnknownKeys(ConfigKeys.hook)
            let name = table.nonEmptyString("name") ?? "hook-\(index + 1)"
            if !names.insert(name).inserted { table.report("name", "duplicate hook name \"\(name)\"") }
            let kind = table.choice("type", HookSettings.Kind.allCases.map(\.rawValue), required: true).flatMap(HookSettings.Kind.init)
            let url = table.nonEmptyString("url")
            var secret = table.string("secret").map(SecretText.init)
            let envName = "TILL_HOOK_\(ConfigKeys.environmentName(name))_SECRET"
            if let value = environment[envName], !value.isEmpty { secret = SecretText(value) }
            let command = table.strings("command")
            let passed = table.strings("environment") ?? []
            for (position, variable) in passed.enumerated() {
                if let refusal = HookEnvironment.refusal(variable) { table.report("environment[\(position)]", refusal) }
            }
            var events = HookSettings.eventNames
            if let listed = table.strings("events") {
                for (position, event) in listed.enumerated() where !HookSettings.eventNames.contains(event) {
                    table.report("events[\(position)]", "\"\(event)\" is not a sale event; known: \(HookSettings.eventNames.joined(separator: ", "))")
                }
                if listed.isEmpty { table.report("events", "lists no events; leave it out to receive all of them") }
                events = listed
            }
            let timeout = table.duration("timeout", minimumMilliseconds: 1_000).map { $0 / 1_000 } ?? 10
            switch kind {
            case .webhook?:
                if url == nil, !table.has("url") { table.report("url", "missing; a webhook needs the https:// URL to POST to") }
                if let url, URLParts(url) == nil { table.report("url", "\"\(url)\" is not an http:// or https:// URL with a host") }
                if secret == nil || secret?.revealed.isEmpty == true {
                    table.report("secret", "missing; a webhook signs each delivery with its own secret (set secret, or \(envName) in the environment)")
                }
                if table.has("command") { table.report("command", "applies only to type command") }
                if table.has("environment") { table.report("environment", "applies only to type command") }
            case .command?:
                if command == nil, !table.has("command") { table.report("command", "missing; give the program and its arguments, e.g. [\"/usr/local/bin/open-door\", \"--pulse\"]") }
                if command?.first?.isEmpty ?? false || command?.isEmpty == true { table.report("command", "must start with the program to run") }
                if table.has("url") { table.report("url", "applies only to type webhook") }
            case nil: break
            }
            if let kind {
                hooks.append(HookSettings(name: name, kind: kind, url: url, secret: secret, command: command, events: events, timeoutSeconds: timeout,
                                          environment: passed))
            }
        }
        return hooks
    }
}
