import Foundation
import Testing
@testable import TillHTTP
import TillTestSupport

/// The client against servers that misbehave on the wire, over plain TCP and TLS; each fails with an `HTTPError`
/// that names the host and never the credentials.
@Suite struct HTTPClientHostileServerTests {
    private func get(_ server: RawHTTPServer, host: String = "127.0.0.1", scheme: String = "http",
                     client: HTTPClient = HTTPClient()) async throws(HTTPError) -> HTTPResponse {
        try await client.send(HTTPRequest(url: URL(string: "\(scheme)://\(host):\(server.port)/x")!, timeoutSeconds: 5))
    }

    @Test func aChunkedBodyIsJoinedAndAContentLengthBodyIsRead() async throws {
        let chunked = try RawHTTPServer(response: "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nX-Part: a\r\nX-Part: b\r\n\r\n"
                                        + "5\r\nhello\r\n7\r\n, world\r\n0\r\n\r\n")
        let answer = try await get(chunked)
        #expect(answer.bodyText == "hello, world")
        #expect(answer.headers["x-part"] == "a, b", "repeated headers are joined, names lower-cased")
        let sized = try RawHTTPServer(response: "HTTP/1.1 503 Busy\r\nContent-Length: 4\r\n\r\nbusy")
        let busy = try await get(sized)
        #expect(busy.status == 503 && busy.bodyText == "busy", "any status is a response")
    }

    @Test func aBadChunkSizeFails() async throws {
        let server = try RawHTTPServer(response: "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n")
        let error = await #expect(throws: HTTPError.self) { _ = try await get(server) }
        #expect(error?.message.contains("not a valid HTTP answer") == true, "\(String(describing: error))")
    }

    @Test func aChunkLargerThanTheCapIsRefusedBeforeItArrives() async throws {
        // A chunk size of 2^60 bytes: refused as the body passes the cap, never allocated.
        let server = try RawHTTPServer(response: "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1000000000000000\r\n"
                                       + String(repeating: "x", count: 4096))
        let request = HTTPRequest(url: URL(string: "http://127.0.0.1:\(server.port)/x")!, timeoutSeconds: 5, maxResponseBytes: 1024)
        let error = await #expect(throws: HTTPError.self) { _ = try await HTTPClient().send(request) }
        #expect(error?.message.contains("larger than 1024 bytes") == true, "\(String(describing: error))")
    }

    @Test func aConnectionClosedMidBodyFails() async throws {
        let server = try RawHTTPServer(response: "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly ten b")
        let error = await #expect(throws: HTTPError.self) { _ = try await get(server) }
        #expect(error?.message.contains("closed before the answer was complete") == true, "\(String(describing: error))")
        let chunked = try RawHTTPServer(response: "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n")
        let cut = await #expect(throws: HTTPError.self) { _ = try await get(chunked) }
        #expect(cut?.message.contains("closed before the answer was complete") == true, "\(String(describing: cut))")
    }

    @Test func aSilentServerTimesOut() async throws {
        let server = try await FixtureHTTPServer.start()
        defer { server.stop() }
        try await server.script("/slow", FixtureResponse(body: "late", delayMs: 4_000))
        let request = HTTPRequest(url: server.baseURL.appendingPathComponent("slow"), timeoutSeconds: 1)
        let error = await #expect(throws: HTTPError.self) { _ = try await HTTPClient().send(request) }
        #expect(error == .timedOut(request.url))
    }

    @Test func anIPv6LiteralIsReached() async throws {
        let server = try RawHTTPServer(response: "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nv6", host: "::1")
        #expect(try await get(server, host: "[::1]").bodyText == "v6")
    }

    @Test func basicAuthIsSentAndCredentialsNeverShowInErrors() async throws {
        let server = try await FixtureHTTPServer.start()
        defer { server.stop() }
        try await server.script("/", .json("{}", status: 401, headers: ["WWW-Authenticate": "Basic realm=\"jsonrpc\""]), method: "POST")
        var request = HTTPRequest(url: server.baseURL.appendingPathComponent("/"), method: "POST", body: Data("{}".utf8))
        request.setBasicAuth(user: "rpc", password: "hunter2")
        let refused = try await HTTPClient().send(request)
        #expect(refused.status == 401, "a wrong password is an answer, at once")
        #expect(try await server.requests().first?.headers["authorization"] == "Basic " + Data("rpc:hunter2".utf8).base64EncodedString())

        // Nobody listens: the error names scheme, host and port only.
        let (socket, port) = Processes.refusingPort()
        defer { close(socket) }
        let secretURL = URL(string: "http://rpc:hunter2@127.0.0.1:\(port)/wallet?apikey=s3cret")!
        let error = await #expect(throws: HTTPError.self) { _ = try await HTTPClient().send(HTTPRequest(url: secretURL, timeoutSeconds: 2)) }
        #expect(error == .unreachable(secretURL, "connection refused"), "\(String(describing: error))")
        #expect(error.map { !$0.message.contains("hunter2") && !$0.message.contains("s3cret") && !$0.message.contains("rpc") } == true)
    }

    @Test func httpsVerifiesTheCertificateAndItsName() async throws {
        let directory = try TemporaryDirectory(prefix: "till-tls")
        let certificates = try TestCertificates(in: directory)
        let answer = "HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nsecure"
        let trusting = HTTPClient(additionalTrustRoots: certificates.authority)
        // Signed by the trusted authority for 127.0.0.1, ::1 and localhost: accepted by IP (v4 and v6) and by name.
        let good = try RawHTTPServer(response: answer, certificate: certificates.signed)
        #expect(try await get(good, scheme: "https", client: trusting).bodyText == "secure")
        #expect(try await get(good, host: "localhost", scheme: "https", client: trusting).bodyText == "secure")
        let goodV6 = try RawHTTPServer(response: answer, host: "::1", certificate: certificates.signed)
        #expect(try await get(goodV6, host: "[::1]", scheme: "https", client: trusting).bodyText == "secure")
        // The same server is refused by a client that trusts only the system's authorities.
        let untrusted = await #expect(throws: HTTPError.self) { _ = try await get(good, scheme: "https") }
        #expect(untrusted?.message.contains("certificate is not trusted") == true, "\(String(describing: untrusted))")
        // A self-signed certificate is refused even by the client that trusts the test authority.
        let selfSigned = try RawHTTPServer(response: answer, certificate: certificates.selfSigned)
        let refused = await #expect(throws: HTTPError.self) { _ = try await get(selfSigned, scheme: "https", client: trusting) }
        #expect(refused?.message.contains("certificate is not trusted") == true, "\(String(describing: refused))")
        // A certificate from the trusted authority for another name is refused too.
        let otherName = try RawHTTPServer(response: answer, certificate: certificates.otherName)
        let misnamed = await #expect(throws: HTTPError.self) { _ = try await get(otherName, scheme: "https", client: trusting) }
        #expect(misnamed?.message.contains("not for this host") == true, "\(String(describing: misnamed))")
    }
}
