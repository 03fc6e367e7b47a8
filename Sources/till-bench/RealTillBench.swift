import Foundation
import TillConfig
import TillCore
import TillUI
#if canImport(Glibc)
import Glibc
#endif

/// The shipped executable as a shop runs it, next to the same work measured inside this process: start → first
/// frame (first start after a catalog change, then starts that reuse the checked catalog), resident and peak memory,
/// key → frame for search and category keys through a pseudo-terminal and through tmux control mode, and
/// `till config check`.
/// `TILL_EXECUTABLE` names the binary (default `.build/release/till`); catalogs are generated into a temporary
/// directory. `TILL_BENCH_SIZES` overrides the sizes ("10000,100000"; 0 is the built-in sample).
func runRealTillBench() async throws {
    let executable = ProcessInfo.processInfo.environment["TILL_EXECUTABLE"] ?? ".build/release/till"
    guard FileManager.default.isExecutableFile(atPath: executable) else {
        throw BenchError("no executable at \(executable): run `swift build -c release --product till` or set TILL_EXECUTABLE")
    }
    let sizes = (ProcessInfo.processInfo.environment["TILL_BENCH_SIZES"] ?? "0,10000,100000")
        .split(separator: ",").compactMap { Int($0) }
    print("real: \(executable), 120×40 pseudo-terminal, load \(loadAverage())")
    for count in sizes {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("till-bench-\(getpid())-\(count)").path
        try? FileManager.default.removeItem(atPath: directory)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let catalogPath = directory + "/catalog.toml"
        var config = "data_dir = \"\(directory)/data\"\n"
        if count > 0 {
            try CatalogGenerator.toml(count: count).write(toFile: catalogPath, atomically: true, encoding: .utf8)
            config = "catalog = \"\(catalogPath)\"\n" + config
        }
        try config.write(toFile: directory + "/till.toml", atomically: true, encoding: .utf8)
        let label = count == 0 ? "sample catalog" : "\(count) products"
        let size = count == 0 ? "" : " (\(fileSize(catalogPath) / 1_000) kB TOML)"
        let environment = ["TERM": "xterm-256color", "LANG": "C.UTF-8", "LINES": "40", "COLUMNS": "120",
                           "HOME": directory, "PATH": "/usr/bin:/bin", "TILL_CONFIG": directory + "/till.toml"]

        let cold = try startOnce(executable, environment: environment)
        var warm: [Duration] = []
        var memory: (resident: Int, peak: Int)?
        var search: [Duration] = [], category: [Duration] = []
        for run in 0..<5 {
            let till = try PtyTill(executable: executable, arguments: ["--training"], environment: environment)
            guard let frame = till.waitForOutput("Products (") else { till.stop(quit: [0x71]); throw BenchError("no first frame") }
            warm.append(frame)
            if run == 4 {
                memory = till.memory()
                (search, category) = keyTimes(till)
            }
            till.stop(quit: [0x71])
        }
        warm.sort()
        print("real: start → first frame, \(label)\(size): first start after the catalog changed \(ms(cold.frame)) ms "
              + "(peak \(cold.peak / 1_024) MiB); unchanged: median \(ms(warm[warm.count / 2])) ms, max \(ms(warm.last!)) ms")
        if let memory {
            print("real: memory, \(label): resident \(memory.resident / 1_024) MiB after the first keys, peak \(memory.peak / 1_024) MiB")
        }
        print("real: key → frame, \(label): search p50 \(ms(percentile(search, 50))) ms, p99 \(ms(percentile(search, 99))) ms "
              + "(\(search.count) keys); category ← → p50 \(ms(percentile(category, 50))) ms, p99 \(ms(percentile(category, 99))) ms")
        let (tmuxSearch, tmuxCategory) = try tmuxKeyTimes(executable, environment: environment)
        print("real: key → frame in tmux control mode, \(label): search p50 \(ms(percentile(tmuxSearch, 50))) ms, "
              + "p99 \(ms(percentile(tmuxSearch, 99))) ms (\(tmuxSearch.count) keys); category ← → p50 "
              + "\(ms(percentile(tmuxCategory, 50))) ms, p99 \(ms(percentile(tmuxCategory, 99))) ms")
        let check = try timedRun(executable, ["config", "check"], environment: environment)
        print("real: `till config check`, \(label): \(ms(check.elapsed)) ms, peak \(check.peak / 1_024) MiB")
        try inProcess(label: label, location: count == 0 ? .embeddedSample : .file(catalogPath), dataDirectory: directory + "/data")
    }
}

/// The same work in this process: loading the catalog (cache hit), the model, one frame; keys through model and render.
private func inProcess(label: String, location: CatalogLocation, dataDirectory: String) throws {
    let clock = ContinuousClock()
    let began = clock.now
    let loaded = try CatalogFile.loadForTill(location, dataDirectory: dataDirectory)
    let loadedAt = clock.now
    var model = TillModel(shop: ShopInfo(name: "Bench Shop", currency: .usd), cashier: "bench", training: true,
                          catalog: loaded.catalog, coins: [], now: Date(), size: TextSize(columns: 120, rows: 40))
    model.nextSaleID = "S-1"
    _ = TillScreen.render(model)
    model.browser.prepareSearch()  // as the runner does after its first frame
    print("in-process: first frame, \(label): \(ms(clock.now - began)) ms (catalog from \(loaded.source.rawValue) "
          + "\(ms(loadedAt - began)) ms, model and frame \(ms(clock.now - loadedAt)) ms)")
    var search: [Duration] = [], category: [Duration] = []
    for (keys, kind) in keyScript() {
        for key in keys {
            let start = clock.now
            _ = model.handle(.key(key))
            _ = TillScreen.render(model)
            if kind == .search { search.append(clock.now - start) } else if kind == .category { category.append(clock.now - start) }
        }
    }
    print("in-process: key → frame, \(label): search p50 \(ms(percentile(search, 50))) ms, p99 \(ms(percentile(search, 99))) ms; "
          + "category p50 \(ms(percentile(category, 50))) ms, p99 \(ms(percentile(category, 99))) ms")
}

private enum KeyKind { case search, category, untimed }

/// Rounds of: → ← category keys, then a search typed, corrected and cleared (Escape is not timed: ncurses waits
/// its 25 ms escape delay before it knows the key).
private func keyScript() -> [([Key], KeyKind)] {
    var script: [([Key], KeyKind)] = []
    for round in 0..<6 {
        script.append(([.right, .right, .right, .left, .left, .left], .category))
        let word = ["mouse 12", "lamp 9", "sku-0042", "café", "2000001", "organic tea"][round]
        script.append(([.character("/")] + word.map { Key.character($0) } + [.backspace, .backspace, .character("3")], .search))
        script.append(([.escape], .untimed))
    }
    return script
}

/// Drives the real till with the same keys; returns search and category key → frame times.
private func keyTimes(_ till: PtyTill) -> ([Duration], [Duration]) {
    var search: [Duration] = [], category: [Duration] = []
    for (keys, kind) in keyScript() {
        for key in keys {
            guard let bytes = ptyBytes(key), let time = till.keyToFrame(bytes) else { continue }
            if kind == .search { search.append(time) } else if kind == .category { category.append(time) }
        }
    }
    return (search, category)
}

/// The same keys through a tmux control-mode client (TERM, LINES and COLUMNS are tmux's inside the pane).
private func tmuxKeyTimes(_ executable: String, environment: [String: String]) throws -> ([Duration], [Duration]) {
    let inside = environment.filter { !["TERM", "LINES", "COLUMNS"].contains($0.key) }
    let till = try TmuxControlTill(executable: executable, arguments: ["--training"], environment: inside)
    defer { till.stop() }
    try till.waitForScreen("Products (")
    var search: [Duration] = [], category: [Duration] = []
    for (keys, kind) in keyScript() {
        for key in keys {
            guard let (name, literal) = tmuxKey(key), let time = till.keyToFrame(name, literal: literal) else { continue }
            if kind == .search { search.append(time) } else if kind == .category { category.append(time) }
        }
    }
    return (search, category)
}

private func tmuxKey(_ key: Key) -> (String, Bool)? {
    switch key {
    case .right: return ("Right", false)
    case .left: return ("Left", false)
    case .backspace: return ("BSpace", false)
    case .escape: return ("Escape", false)
    case .character(let character): return (String(character), true)
    default: return nil
    }
}

private func ptyBytes(_ key: Key) -> [UInt8]? {
    switch key {
    case .right: return [0x1B, 0x4F, 0x43]
    case .left: return [0x1B, 0x4F, 0x44]
    case .backspace: return [0x7F]
    case .escape: return [0x1B]
    case .character(let character): return Array(String(character).utf8)
    default: return nil
    }
}

/// A start after the catalog was written: the first one parses and checks the TOML.
private func startOnce(_ executable: String, environment: [String: String]) throws -> (frame: Duration, peak: Int) {
    let till = try PtyTill(executable: executable, arguments: ["--training"], environment: environment)
    guard let frame = till.waitForOutput("Products (") else { till.stop(quit: [0x71]); throw BenchError("no first frame") }
    let peak = till.memory()?.peak ?? 0
    till.stop(quit: [0x71])
    return (frame, peak)
}

/// Runs to the end without a terminal; wall time and peak resident memory (kB) from wait4.
private func timedRun(_ executable: String, _ arguments: [String], environment: [String: String]) throws
    -> (elapsed: Duration, peak: Int) {
    let argv = ([executable] + arguments).map { strdup($0) } + [nil]
    let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer { (argv + envp).forEach { free($0) } }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
    var pid: pid_t = 0
    let start = ContinuousClock.now
    guard posix_spawn(&pid, executable, &actions, nil, argv, envp) == 0 else { throw BenchError("cannot start \(executable)") }
    var status: Int32 = 0
    var usage = rusage()
    _ = wait4(pid, &status, 0, &usage)
    return (ContinuousClock.now - start, usage.ru_maxrss)
}

private func fileSize(_ path: String) -> Int {
    ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? 0
}

private func loadAverage() -> String {
    (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").prefix(3).joined(separator: " ") ?? "?"
}

private func percentile(_ values: [Duration], _ p: Int) -> Duration {
    guard !values.isEmpty else { return .zero }
    let sorted = values.sorted()
    return sorted[min(sorted.count - 1, sorted.count * p / 100)]
}

private func ms(_ duration: Duration) -> String {
    let value = Double(duration.components.seconds) * 1_000 + Double(duration.components.attoseconds) / 1e15
    return String(format: "%.1f", value)
}

