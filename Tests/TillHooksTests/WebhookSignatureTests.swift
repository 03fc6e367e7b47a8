import Foundation
import Testing
import TillHTTP
@testable import TillHooks

@Suite struct WebhookSignatureTests {
    /// The example in the Standard Webhooks specification (also checked with Python's hmac).
    @Test func matchesTheStandardWebhooksVector() throws {
        let secret = try WebhookSecret("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
        let signature = WebhookSignature.sign(id: "msg_p5jXN8AQM9LWM0D4loKWxJek", timestamp: 1_614_265_330,
                                              body: Data(#"{"test": 2432232314}"#.utf8), secret: secret)
        #expect(signature == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")
    }

    @Test func secretsAreStandardOrRaw() throws {
        #expect(try WebhookSecret("whsec_AAEC").key == [0, 1, 2])
        #expect(try WebhookSecret("plain-secret").key == Array("plain-secret".utf8))
        #expect(throws: WebhookSecretError.self) { try WebhookSecret("  ") }
        #expect(throws: WebhookSecretError.self) { try WebhookSecret("whsec_***") }
        #expect("\(try WebhookSecret("plain-secret"))" == "(webhook secret)")
    }

    @Test func headersCarryIdTimestampAndSignature() throws {
        let secret = try WebhookSecret("raw")
        let body = Data("{}".utf8)
        let headers = WebhookSignature.headers(id: "evt_1", time: Date(timeIntervalSince1970: 1_700_000_000.9), body: body, secret: secret)
        #expect(headers["webhook-id"] == "evt_1")
        #expect(headers["webhook-timestamp"] == "1700000000")
        #expect(headers["webhook-signature"] == WebhookSignature.sign(id: "evt_1", timestamp: 1_700_000_000, body: body, secret: secret))
    }
}
