import Foundation

/// Runs `Tests/Support/raw_http_server.py`: every connection gets the same bytes, written as they are (a broken chunk
/// size, a body cut short), over TLS when given a certificate. For the HTTP client's hostile-server tests.
public final class RawHTTPServer: @unchecked Sendable {
    /// The port it listens on.
    public let port: Int
    private let process: SpawnedChild
    private let scratch: TemporaryDirectory

    /// Starts a server answering every request with `response`, on `host` (`::1` for IPv6), with TLS when
    /// `certificate` names a PEM certificate and key file pair.
    public init(response: String, host: String = "127.0.0.1", certificate: (cert: String, key: String)? = nil) throws {
        scratch = try TemporaryDirectory(prefix: "till-raw-http")
        let file = scratch.file("response")
        try Data(response.utf8).write(to: file)
        guard let python = Processes.which("python3") else { throw FixtureServerError(description: "python3 not found: run `bash .ci/setup`") }
        let script = TestPeers.repositoryRoot.appendingPathComponent("Tests/Support/raw_http_server.py").path
        let tls = certificate.map { ["--tls", $0.cert, $0.key] } ?? []
        process = try Spawn.piped(python, ["-u", script, "--host", host, "--response", file.path] + tls, stdinPipe: true, stdoutPipe: true)
        let text = (process.readLine() ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard let port = Int(text) else {
            process.stop()
            throw FixtureServerError(description: "raw HTTP server did not print its port (got \"\(text)\")")
        }
        self.port = port
    }

    deinit { process.stop() }
}

/// Certificates made for one test with the `openssl` command: a certificate authority and a server certificate it
/// signed for `127.0.0.1` and `localhost`, and a self-signed one nobody trusts.
public struct TestCertificates: Sendable {
    /// The authority's certificate (PEM), to be trusted by the client under test.
    public let authority: String
    /// The server's certificate and key signed by `authority`, valid for 127.0.0.1, ::1 and localhost.
    public let signed: (cert: String, key: String)
    /// A self-signed certificate and key for the same names, signed by nobody the client trusts.
    public let selfSigned: (cert: String, key: String)
    /// Signed by `authority` for another name only (`till.invalid`).
    public let otherName: (cert: String, key: String)

    /// Writes the files into `directory`.
    public init(in directory: TemporaryDirectory) throws {
        let path = { (name: String) in directory.file(name).path }
        func openssl(_ arguments: [String]) throws {
            let output = try Processes.run("/usr/bin/openssl", arguments)
            guard output.status == 0 else { throw FixtureServerError(description: "openssl \(arguments[0]) failed: \(output.stderr)") }
        }
        let names = "subjectAltName=IP:127.0.0.1,IP:::1,DNS:localhost"
        try openssl(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=Till Test CA",
                     "-keyout", path("ca.key"), "-out", path("ca.pem")])
        try openssl(["req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost", "-keyout", path("server.key"),
                     "-out", path("server.csr")])
        try Data(names.utf8).write(to: directory.file("names.ext"))
        try openssl(["x509", "-req", "-in", path("server.csr"), "-CA", path("ca.pem"), "-CAkey", path("ca.key"), "-CAcreateserial",
                     "-days", "2", "-extfile", path("names.ext"), "-out", path("server.pem")])
        try openssl(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=localhost", "-addext", names,
                     "-keyout", path("self.key"), "-out", path("self.pem")])
        try Data("subjectAltName=DNS:till.invalid".utf8).write(to: directory.file("other.ext"))
        try openssl(["x509", "-req", "-in", path("server.csr"), "-CA", path("ca.pem"), "-CAkey", path("ca.key"), "-CAcreateserial",
                     "-days", "2", "-extfile", path("other.ext"), "-out", path("other.pem")])
        authority = path("ca.pem")
        signed = (path("server.pem"), path("server.key"))
        selfSigned = (path("self.pem"), path("self.key"))
        otherName = (path("other.pem"), path("server.key"))
    }
}
