#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// Why one exchange ended without an answer; `HTTPFailure.mapped` words it for the caller.
enum ExchangeFailure: Error {
    case idle
    case deadline
    case tooLarge(Int)
    case closedEarly
    case cancelled
    case unsupported(String)
    case transport(any Error)
}

/// One request and its answer on a connection of its own: connect (TLS when given a context), send, collect the body
/// under the cap, close. The idle timeout counts bytes from the socket (before TLS), so a slow but steady server
/// is cut only by the total deadline.
enum HTTPExchange {
    static func perform(_ hop: HTTPHop, headers: [String: String], tls: NIOSSLContext?, idleSeconds: Int,
                        deadline: NIODeadline, cap: Int) async throws(ExchangeFailure) -> HTTPResponse {
        guard let scheme = hop.url.scheme?.lowercased(), scheme == "http" || scheme == "https" else {
            throw .unsupported("only http:// and https:// URLs are supported")
        }
        guard var host = hop.url.host, !host.isEmpty else { throw .unsupported("the URL has no host") }
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        let port = hop.url.port ?? (scheme == "https" ? 443 : 80)
        let head = requestHead(hop, headers: headers, host: host, defaultPort: scheme == "https" ? 443 : 80)
        let body = hop.body.map { ByteBuffer(bytes: $0) }
        // Server name (SNI and the certificate's name) only for names: an IP literal is checked against the
        // certificate's IP addresses instead.
        let serverName = host.isIPLiteral ? nil : host

        let loop = MultiThreadedEventLoopGroup.singleton.next()
        let promise = loop.makePromise(of: HTTPResponse.self)
        let timer = loop.scheduleTask(deadline: deadline) { promise.fail(ExchangeFailure.deadline) }
        promise.futureResult.whenComplete { _ in timer.cancel() }
        ClientBootstrap(group: loop)
            .connectTimeout(.seconds(Int64(idleSeconds)))
            .channelInitializer { channel in
                do {
                    let pipeline = channel.pipeline.syncOperations
                    try pipeline.addHandler(IdleStateHandler(readTimeout: .seconds(Int64(idleSeconds))))
                    if let tls { try pipeline.addHandler(NIOSSLClientHandler(context: tls, serverHostname: serverName)) }
                    try pipeline.addHTTPClientHandlers()
                    try pipeline.addHandler(HTTPExchangeHandler(head: head, body: body, cap: cap, promise: promise))
                    return channel.eventLoop.makeSucceededVoidFuture()
                } catch {
                    return channel.eventLoop.makeFailedFuture(error)
                }
            }
            .connect(host: host, port: port)
            .whenComplete { result in
                switch result {
                // Whatever ends the exchange (answer, error, deadline, cancellation) closes the connection.
                case .success(let channel): promise.futureResult.whenComplete { _ in channel.close(promise: nil) }
                case .failure(let error): promise.fail(ExchangeFailure.transport(error))
                }
            }
        do {
            return try await withTaskCancellationHandler {
                try await promise.futureResult.get()
            } onCancel: {
                promise.fail(ExchangeFailure.cancelled)
            }
        } catch let failure as ExchangeFailure {
            throw failure
        } catch {
            throw .transport(error)
        }
    }

    /// The request line and headers: ours (`Host`, `Content-Length`, `Connection: close`) win over the caller's.
    static func requestHead(_ hop: HTTPHop, headers: [String: String], host: String, defaultPort: Int) -> HTTPRequestHead {
        let components = URLComponents(url: hop.url, resolvingAgainstBaseURL: true)
        let path = components?.percentEncodedPath ?? ""
        let query = components?.percentEncodedQuery.map { "?" + $0 } ?? ""
        var fields = HTTPHeaders()
        let ours: Set<String> = ["host", "content-length", "transfer-encoding", "connection"]
        for (name, value) in headers.sorted(by: { $0.key < $1.key }) where !ours.contains(name.lowercased()) {
            fields.replaceOrAdd(name: name, value: value)
        }
        let shownHost = host.contains(":") ? "[\(host)]" : host
        fields.add(name: "Host", value: hop.url.port.map { $0 == defaultPort ? shownHost : "\(shownHost):\($0)" } ?? shownHost)
        if !fields.contains(name: "User-Agent") { fields.add(name: "User-Agent", value: "till") }
        if !fields.contains(name: "Accept") { fields.add(name: "Accept", value: "*/*") }
        // Credentials written into the URL (http://user:password@host) are sent as basic auth, as curl did.
        if !fields.contains(name: "Authorization"), let user = hop.url.user {
            fields.add(name: "Authorization", value: "Basic " + Data("\(user):\(hop.url.password ?? "")".utf8).base64EncodedString())
        }
        if hop.body != nil || ["POST", "PUT", "PATCH"].contains(hop.method.uppercased()) {
            fields.add(name: "Content-Length", value: String(hop.body?.count ?? 0))
        }
        fields.add(name: "Connection", value: "close")
        return HTTPRequestHead(version: .http1_1, method: HTTPMethod(rawValue: hop.method.uppercased()),
                               uri: (path.isEmpty ? "/" : path) + query, headers: fields)
    }
}

/// Writes the request once the connection is up, then collects the answer into the promise: the head, the body
/// under the cap (refused at once when `Content-Length` is over it), the end. The first outcome wins.
final class HTTPExchangeHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPClientResponsePart
    typealias OutboundOut = HTTPClientRequestPart

    private let head: HTTPRequestHead
    private let body: ByteBuffer?
    private let cap: Int
    private let promise: EventLoopPromise<HTTPResponse>
    private var response: HTTPResponseHead?
    private var collected = Data()
    private var done = false

    init(head: HTTPRequestHead, body: ByteBuffer?, cap: Int, promise: EventLoopPromise<HTTPResponse>) {
        self.head = head
        self.body = body
        self.cap = cap
        self.promise = promise
    }

    func channelActive(context: ChannelHandlerContext) {
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        if let body { context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil) }
        // A request that cannot be written (a header with a line break) fails at once instead of waiting for the timeout.
        let written = context.eventLoop.makePromise(of: Void.self)
        let promise = self.promise
        written.futureResult.whenFailure { promise.fail(ExchangeFailure.transport($0)) }
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: written)
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !done else { return }
        switch unwrapInboundIn(data) {
        case .head(let head):
            response = head
            if let length = head.headers.first(name: "content-length").flatMap({ Int($0) }), length > cap {
                finish(context, .failure(ExchangeFailure.tooLarge(cap)))
            }
        case .body(let buffer):
            guard collected.count + buffer.readableBytes <= cap else {
                collected = Data()
                finish(context, .failure(ExchangeFailure.tooLarge(cap)))
                return
            }
            buffer.withUnsafeReadableBytes { collected.append(contentsOf: $0) }
        case .end:
            guard let response else { return finish(context, .failure(ExchangeFailure.closedEarly)) }
            var headers: [String: String] = [:]
            for (name, value) in response.headers {
                let key = name.lowercased()
                headers[key] = headers[key].map { $0 + ", " + value } ?? value
            }
            finish(context, .success(HTTPResponse(status: Int(response.status.code), headers: headers, body: collected)))
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let idle = event as? IdleStateHandler.IdleStateEvent, idle == .read {
            finish(context, .failure(ExchangeFailure.idle))
        } else {
            context.fireUserInboundEventTriggered(event)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        finish(context, .failure(ExchangeFailure.transport(error)))
    }

    func channelInactive(context: ChannelHandlerContext) {
        finish(context, .failure(ExchangeFailure.closedEarly))
        context.fireChannelInactive()
    }

    private func finish(_ context: ChannelHandlerContext, _ outcome: Result<HTTPResponse, any Error>) {
        guard !done else { return }
        done = true
        promise.completeWith(outcome)
        context.close(promise: nil)
    }
}

extension String {
    /// An IPv4 or IPv6 address rather than a name.
    var isIPLiteral: Bool {
        (try? SocketAddress(ipAddress: self, port: 0)) != nil
    }
}
