import Foundation
import Testing
import TillChainTestSupport
import TillEndToEndSupport
import TillTestSupport

/// The kill -9 soak in CI: 20 real sales on the regtest node, the till killed at random points (quote window,
/// just after a payment is recorded, after the confirming blocks). Nothing lost, nothing doubled, a sound database.
/// `till-bench soak --rounds 200` runs the same soak longer and prints its figures.
@Suite(.serialized) struct KillSoakTests {
    @Test func twentyRoundsOfKillsLoseNoPaymentAndLeaveASoundDatabase() async throws {
        try await RegtestNode.with { node in
            // A fixed seed: a failure replays with the same kill points (timing still varies).
            var soak = try KillSoak(node: node, binary: try LiveTill.binary, seed: 12)
            let figures = try await soak.run(rounds: 20)
            #expect(figures.failures.isEmpty, "\(figures.failures.joined(separator: "\n"))")
            #expect(figures.rounds == 20)
            #expect(figures.paymentsSent == 20)
            #expect(figures.paymentsRecorded == figures.paymentsSent)
            #expect(figures.paymentsLost == 0)
            #expect(figures.salesPaid == 20)
            #expect(figures.killsAfterObservation > 0 && figures.killsInQuoteWindow > 0, "\(figures)")
        }
    }
}
