import TillChainTestSupport
import Testing

/// Starts one regtest node for a whole (serialized) suite and stops it when the suite ends.
struct RegtestNodeTrait: SuiteTrait, TestScoping {
    var isRecursive: Bool { false }

    func provideScope(for test: Test, testCase: Test.Case?,
                      performing function: @Sendable () async throws -> Void) async throws {
        try await RegtestNode.with { node in
            try await RegtestNode.$shared.withValue(node) { try await function() }
        }
    }
}

extension Trait where Self == RegtestNodeTrait {
    /// One real regtest node shared by the suite's tests (`RegtestNode.shared`).
    static var regtestNode: Self { RegtestNodeTrait() }
}

extension RegtestNode {
    /// The suite's node, set by `.regtestNode`.
    @TaskLocal static var shared: RegtestNode?
}
