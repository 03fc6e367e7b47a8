import Foundation
import Testing
import TillHTTP
import TillTestSupport

/// Every request has a total deadline, a body cap and stays on its origin, against a real local server.
@Suite struct HTTPClientLimitsTests {
    @Test func aDripFeedingServerIsCutAtTheDeadline() async throws {
        let server = try await FixtureHTTPServer.start()
        defer { server.stop() }
        // 200 bytes, one every 100 ms (20 s): never idle for a second, so only the total deadline (3 s) stops it.
        try await server.script("/drip", FixtureResponse(body: String(repeating: "x", count: 200), dripMs: 100))
        let request = HTTPRequest(url: server.baseURL.appendingPathComponent("drip"), timeoutSeconds: 1)
        let error = await #expect(throws: HTTPError.self) { _ = try await HTTPClient().send(request) }
        #expect(error == .timedOut(request.url))
    }

    @Test(arguments: [true, false])
    func aHugeBodyIsRefusedAtTheCap(_ sendsLength: Bool) async throws {
        let server = try await FixtureHTTPServer.start()
        defer { server.stop() }
        // 200 MB streamed (with or without Content-Length); the cap is 1 MB.
        try await server.script("/huge", FixtureResponse(body: String(repeating: "x", count: 1 << 20), repeatCount: 200,
                                                         sendsLength: sendsLength))
        let request = HTTPRequest(url: server.baseURL.appendingPathComponent("huge"), timeoutSeconds: 60, maxResponseBytes: 1 << 20)
        let error = await #expect(throws: HTTPError.self) { _ = try await HTTPClient().send(request) }
        #expect(error?.message.contains("larger than 1048576 bytes") == true, "\(String(describing: error))")
        // A body at the cap is accepted whole.
        try await server.script("/fits", FixtureResponse(body: String(repeating: "y", count: 1 << 20), repeatCount: 1))
        let fits = try await HTTPClient().send(HTTPRequest(url: server.baseURL.appendingPathComponent("fits"), maxResponseBytes: 1 << 20))
        #expect(fits.body.count == 1 << 20)
    }

    @Test func aRedirectToAnotherOriginIsRefusedAndTheCredentialsStayHome() async throws {
        let home = try await FixtureHTTPServer.start()
        defer { home.stop() }
        let elsewhere = try await FixtureHTTPServer.start()
        defer { elsewhere.stop() }
        try await elsewhere.script("/steal", .json("{}"), method: "POST")
        try await home.script("/", FixtureResponse(status: 307, headers: ["Location": elsewhere.baseURL.absoluteString + "/steal"]),
                              method: "POST")
        var request = HTTPRequest(url: home.baseURL.appendingPathComponent("/"), method: "POST", body: Data("{}".utf8))
        request.setBasicAuth(user: "rpc", password: "secret")
        let error = await #expect(throws: HTTPError.self) { _ = try await HTTPClient().send(request) }
        #expect(error?.message.contains("refused a redirect to another origin") == true, "\(String(describing: error))")
        #expect(try await elsewhere.requests().isEmpty, "the other host was never contacted")

        // A redirect within the same origin is followed.
        try await home.script("/old", FixtureResponse(status: 307, headers: ["Location": "/new"]))
        try await home.script("/new", .json(#"{"ok":true}"#))
        let moved = try await HTTPClient().send(HTTPRequest(url: home.baseURL.appendingPathComponent("old")))
        #expect(moved.status == 200)
        #expect(moved.bodyText == #"{"ok":true}"#)
    }
}
