import Crypto
import Foundation

/// Why a webhook secret was refused; `message` says what to fix.
public struct WebhookSecretError: Error, Sendable, Hashable, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}

/// A per-endpoint signing key: Standard Webhooks form (`whsec_` + base64 of the key) or raw text (its UTF-8 bytes).
public struct WebhookSecret: Sendable, Hashable, CustomStringConvertible {
    let key: [UInt8]

    public init(_ text: String) throws(WebhookSecretError) {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw WebhookSecretError(message: "the webhook secret is empty") }
        if trimmed.hasPrefix("whsec_") {
            guard let key = Data(base64Encoded: String(trimmed.dropFirst(6))), !key.isEmpty else {
                throw WebhookSecretError(message: "the webhook secret starts with whsec_ but the rest is not base64")
            }
            self.key = Array(key)
        } else {
            key = Array(trimmed.utf8)
        }
    }

    /// The shortest key a configured secret may have: what the Standard Webhooks libraries generate and verify.
    public static let minimumStandardBytes = 24

    /// A configured secret: `whsec_` + base64 of at least `minimumStandardBytes` bytes (a plain or short secret is
    /// guessable, and receivers using the Standard Webhooks libraries expect this form).
    public static func standard(_ text: String) throws(WebhookSecretError) -> WebhookSecret {
        let secret = try WebhookSecret(text)
        guard text.trimmingCharacters(in: .whitespacesAndNewlines).hasPrefix("whsec_") else {
            throw WebhookSecretError(message: "the webhook secret is not in the Standard Webhooks form whsec_<base64>")
        }
        guard secret.key.count >= minimumStandardBytes else {
            throw WebhookSecretError(message: "the webhook secret's key is \(secret.key.count) bytes; at least \(minimumStandardBytes) random bytes are needed")
        }
        return secret
    }

    /// Never shows the key.
    public var description: String { "(webhook secret)" }
}

/// The Standard Webhooks signature (https://www.standardwebhooks.com).
public enum WebhookSignature {
    /// "v1," + base64(HMAC-SHA256(key, "<id>.<timestamp>.<body>")).
    public static func sign(id: String, timestamp: Int64, body: Data, secret: WebhookSecret) -> String {
        var content = Data("\(id).\(timestamp).".utf8)
        content.append(body)
        let mac = HMAC<SHA256>.authenticationCode(for: content, using: SymmetricKey(data: secret.key))
        return "v1," + Data(mac).base64EncodedString()
    }

    /// The three headers of a delivery sent at `time`.
    public static func headers(id: String, time: Date, body: Data, secret: WebhookSecret) -> [String: String] {
        let timestamp = Int64(time.timeIntervalSince1970.rounded(.down))
        return ["webhook-id": id, "webhook-timestamp": String(timestamp),
                "webhook-signature": sign(id: id, timestamp: timestamp, body: body, secret: secret)]
    }
}
