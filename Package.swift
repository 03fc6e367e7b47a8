// swift-tools-version: 6.1
import PackageDescription

// One-way dependencies: TillCore (pure) ← TillConfig, TillStore, TillWallet, TillChain, TillUI
// ← TillApp (the Elm runner) ← till. TillTerminal is the only target that imports ncurses.
let package = Package(
    name: "Till",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "till", targets: ["till"]),
        .executable(name: "till-bench", targets: ["till-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/attaswift/BigInt", from: "6.0.1"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/vapor/postgres-nio", exact: "1.33.2"),
        // Already in the graph through postgres-nio; named for TillHTTP's own use.
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
    ],
    targets: [
        // C libraries: a module map and a shim only for what Swift cannot import.
        .systemLibrary(name: "CNcursesw", path: "Sources/CNcursesw", pkgConfig: "ncursesw",
                       providers: [.apt(["libncursesw5-dev"])]),
        .systemLibrary(name: "CQRencode", path: "Sources/CQRencode", pkgConfig: "libqrencode",
                       providers: [.apt(["libqrencode-dev"])]),
        .systemLibrary(name: "CSecp256k1", path: "Sources/CSecp256k1", pkgConfig: "libsecp256k1",
                       providers: [.apt(["libsecp256k1-dev"])]),
        .systemLibrary(name: "COpenSSL", path: "Sources/COpenSSL", pkgConfig: "libcrypto",
                       providers: [.apt(["libssl-dev"])]),
        // Sale documents are stored deflated against a preset dictionary (DECISIONS 60).
        .systemLibrary(name: "CZlib", path: "Sources/CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),

        // Pure domain: money, catalog model, cart, the sale state machine. No I/O, no C.
        .target(name: "TillCore", dependencies: [.product(name: "BigInt", package: "BigInt")]),
        // Files people edit: catalog, themes, till.toml (TOML via TOMLKit) and CSV import.
        .target(name: "TillConfig", dependencies: ["TillCore", "TillWallet", "TillHooks", "TOMLKit", .product(name: "Crypto", package: "swift-crypto")],
                resources: [.copy("Resources")]),
        // SQLite through GRDB: sales, quotes, payments, address index, users, audit log.
        .target(name: "TillStore", dependencies: [
            "TillCore", "TillHooks", "CZlib", .product(name: "GRDB", package: "GRDB.swift"), .product(name: "BigInt", package: "BigInt"),
        ]),
        // PostgreSQL for shops with several tills (lanes) on one ledger: the same storage protocols as TillStore.
        .target(name: "TillStorePostgres", dependencies: [
            "TillCore", "TillStore", "TillConfig", "TillHooks", .product(name: "PostgresNIO", package: "postgres-nio"),
            .product(name: "GRDB", package: "GRDB.swift"), .product(name: "BigInt", package: "BigInt"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        // Watch-only keys: BIP32 public derivation, addresses, descriptors, payment URIs.
        .target(name: "TillWallet", dependencies: [
            "TillCore", "CSecp256k1", "COpenSSL", .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "BigInt", package: "BigInt"),
        ]),
        // Plain HTTP and a JSON parser that keeps numbers exact (amounts never pass through Double).
        // HTTP/1.1 on SwiftNIO (already linked for PostgreSQL), not URLSession: FoundationNetworking and libcurl's ~25
        // libraries are not loaded (DECISIONS 62).
        .target(name: "TillHTTP", dependencies: [
            "TillCore", .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"), .product(name: "NIOSSL", package: "swift-nio-ssl"),
        ]),
        // Blockchain backends, exchange rates, and the chain-polling actor (persists through a protocol the app wires to TillStore).
        .target(name: "TillChain", dependencies: ["TillCore", "TillHTTP", .product(name: "BigInt", package: "BigInt")]),
        // After a sale: receipt printers (ESC/POS), signed webhooks with a durable outbox, command hooks.
        .target(name: "TillHooks", dependencies: ["TillCore", "TillHTTP", .product(name: "Crypto", package: "swift-crypto")]),
        // The manager's logic: PINs and roles, the hash-chained audit log, exceptions, Z reports, exports.
        .target(name: "TillManager", dependencies: [
            "TillCore", "TillStore", .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "_CryptoExtras", package: "swift-crypto"), .product(name: "BigInt", package: "BigInt"),
        ]),
        // Screens as pure functions of state onto a text canvas; the QR matrix.
        .target(name: "TillUI", dependencies: ["TillCore", "CQRencode"]),
        // The only target that talks to ncurses.
        .target(name: "TillTerminal", dependencies: ["TillCore", "TillUI", "CNcursesw"]),
        // The Elm runner: events in, effects performed, results fed back.
        .target(name: "TillApp", dependencies: [
            "TillCore", "TillConfig", "TillStore", "TillStorePostgres", "TillWallet", "TillChain", "TillHooks", "TillUI", "TillTerminal",
            "TillManager", "TillHTTP", .product(name: "BigInt", package: "BigInt"), .product(name: "Logging", package: "swift-log"),
        ]),
        .executableTarget(name: "till", dependencies: [
            "TillApp", "TillConfig", "TillCore", "TillStore", "TillStorePostgres", "TillWallet", "TillTerminal", "TillManager",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "till-bench", dependencies: [
            "TillHTTP", .product(name: "BigInt", package: "BigInt"), .product(name: "GRDB", package: "GRDB.swift"), "TillCore", "TillStore", "TillWallet", "TillChain", "TillUI", "TillApp", "TillManager",
            "TillConfig", "TillStorePostgres", "TillTestSupport", "TillChainTestSupport", "TillEndToEndSupport", "TillStoreTestSupport",
        ]),

        // Shared by the test targets only: peers, temp dirs, processes, ports.
        .target(name: "TillTestSupport", dependencies: ["TillHooks", "TillHTTP"], path: "Sources/TillTestSupport"),
        // A real regtest node for the chain and end-to-end tests.
        .target(name: "TillChainTestSupport", dependencies: ["TillChain", "TillCore", "TillHTTP", "TillTestSupport", .product(name: "BigInt", package: "BigInt")]),
        // Generated sales and a generated shop (deterministic, up to millions of sales) for the store, manager and
        // end-to-end tests and till-bench; never part of the till.
        .target(name: "TillStoreTestSupport", dependencies: [
            "TillCore", "TillStore", "TillTestSupport", .product(name: "GRDB", package: "GRDB.swift"), .product(name: "BigInt", package: "BigInt"),
        ]),
        // The live till driven from outside (regtest till.toml, PIN login, the kill -9 soak): end-to-end tests and till-bench.
        .target(name: "TillEndToEndSupport", dependencies: [
            "TillChainTestSupport", "TillTestSupport", "TillCore", "TillStore", "TillManager", "TillWallet",
            .product(name: "GRDB", package: "GRDB.swift"),
        ]),

        .testTarget(name: "TillCoreTests", dependencies: [
            "TillCore", .product(name: "BigInt", package: "BigInt"), .product(name: "PropertyBased", package: "swift-property-based"),
        ]),
        .testTarget(name: "TillConfigTests", dependencies: ["TillConfig", "TillCore", "TillTestSupport", "TillWallet"], resources: [.copy("Fixtures")]),
        .testTarget(name: "TillStoreTests", dependencies: [
            "TillStore", "TillStorePostgres", "TillConfig", "TillCore", .product(name: "BigInt", package: "BigInt"), "TillHooks", "TillTestSupport",
            "TillStoreTestSupport", .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        .testTarget(name: "TillWalletTests", dependencies: [
            "TillWallet", "TillCore", .product(name: "BigInt", package: "BigInt"), "TillTestSupport", .product(name: "PropertyBased", package: "swift-property-based"),
        ], exclude: ["Support"]),
        .testTarget(name: "TillManagerTests", dependencies: [
            "TillManager", "TillCore", .product(name: "BigInt", package: "BigInt"), "TillStore", "TillStorePostgres", "TillConfig", "TillTestSupport",
            "TillStoreTestSupport", .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        .testTarget(name: "TillHTTPTests", dependencies: ["TillHTTP", "TillTestSupport"]),
        .testTarget(name: "TillHooksTests", dependencies: ["TillHooks", "TillCore", "TillHTTP", .product(name: "BigInt", package: "BigInt"), "TillTestSupport"]),
        .testTarget(name: "TillChainTests", dependencies: ["TillChain", "TillCore", "TillHTTP", .product(name: "BigInt", package: "BigInt"), "TillTestSupport", "TillChainTestSupport"]),
        .testTarget(name: "TillUITests", dependencies: ["TillUI", "TillCore", .product(name: "BigInt", package: "BigInt"), "TillConfig", "TillTestSupport"], exclude: ["Snapshots"]),
        // The runner's own parts without a terminal or peers (the whole till is in TillEndToEndTests).
        .testTarget(name: "TillAppTests", dependencies: ["TillApp", "TillCore", "TillStore", "TillTestSupport"]),
        .testTarget(name: "TillEndToEndTests", dependencies: [
            .product(name: "BigInt", package: "BigInt"), "TillApp", "TillChain", "TillConfig", "TillCore", "TillHooks", "TillManager", "TillUI", "TillStore", "TillStorePostgres", "TillWallet", "TillTestSupport", "TillChainTestSupport",
            "TillEndToEndSupport", "TillStoreTestSupport", .product(name: "GRDB", package: "GRDB.swift"),
        ]),
    ],
    swiftLanguageModes: [.v6]
)
