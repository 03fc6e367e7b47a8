import Foundation
import TillEndToEndSupport
import TillTestSupport

extension TillLogin {
    /// The PIN typed digit by digit on an in-process runner's PIN screen (each digit once the last one shows).
    static func steps(as name: String, pin: String = pin) -> [ScriptedTerminal.Step] {
        var steps: [ScriptedTerminal.Step] = []
        for (typed, digit) in pin.enumerated() {
            steps.append(.on("PIN for \(name): \(String(repeating: "•", count: typed))█", type: digit))
        }
        steps.append(.on("PIN for \(name): \(String(repeating: "•", count: pin.count))█", .enter))
        return steps
    }
}
