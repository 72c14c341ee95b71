import Hummingbird
import HummingbirdCore
import HummingbirdWebSocket
import Logging
import NIOCore
import Synchronization

/// What a connection may hold before the server lets it go: limits a stranger could otherwise
/// use to keep sockets open for free.
public struct ConnectionLimits: Sendable {
    /// From the connection's opening to the end of its first request line. A malformed request
    /// line is answered at once with 400.
    public var requestLine: Duration
    /// From the connection's opening to the end of its first request's head (line and headers).
    public var head: Duration
    /// From the end of the first request's head to the first byte of its response: longer
    /// than the longest long-poll (60 s), so only a request the server could not read waits it out.
    public var firstResponse: Duration
    /// A connection with no request in flight is closed after this long.
    public var idle: Duration
    /// Open connections per client address; loopback clients are not counted.
    public var perClient: Int

    /// The limits of `parley serve`: 15 s for the request line, 60 s for the head, 120 s for the
    /// first response, 120 s idle, 256 connections per client.
    public init(
        requestLine: Duration = .seconds(15), head: Duration = .seconds(60), firstResponse: Duration = .seconds(120),
        idle: Duration = .seconds(120), perClient: Int = 256
    ) {
        self.requestLine = requestLine
        self.head = head
        self.firstResponse = firstResponse
        self.idle = idle
        self.perClient = perClient
    }
}

/// The server's HTTP/1.1 and WebSocket channel with a `RequestHeadGuard` in front: Hummingbird
/// watches idleness only once a request head has been read, so the first request of each
/// connection is watched here, byte by byte.
struct GuardedChannel: ServerChildChannel {
    typealias Value = HTTP1WebSocketUpgradeChannel.Value
    let inner: HTTP1WebSocketUpgradeChannel
    let limits: ConnectionLimits
    let counts: ClientCounts

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        channel.eventLoop.makeCompletedFuture {
            let client = channel.remoteAddress.flatMap { $0.isLoopback ? nil : $0.ipAddress }
            if let client {
                guard counts.open(client, limit: limits.perClient) else { throw ChannelError.inputClosed }
                channel.closeFuture.whenComplete { _ in counts.close(client) }
            }
            try channel.pipeline.syncOperations.addHandler(RequestHeadGuard(limits: limits), position: .first)
        }.flatMap { inner.setup(channel: channel, logger: logger) }
    }

    func handle(value: Value, logger: Logger) async {
        await inner.handle(value: value, logger: logger)
    }

    /// The server builder: the upgrade channel of `webSocketRouter`, guarded.
    static func builder(
        webSocketRouter: Router<ParleyRequestContext>, limits: ConnectionLimits
    ) -> HTTPServerBuilder {
        let webSocketResponder = webSocketRouter.buildResponder()
        let counts = ClientCounts()
        return HTTPServerBuilder { responder in
            GuardedChannel(
                inner: HTTP1WebSocketUpgradeChannel(
                    responder: responder, webSocketResponder: webSocketResponder,
                    configuration: .init(http1: .init(idleTimeout: TimeAmount(limits.idle)), ws: .init())),
                limits: limits, counts: counts)
        }
    }
}

/// Open connections per client address.
final class ClientCounts: Sendable {
    private let counts = Mutex<[String: Int]>([:])

    /// Counts a new connection from `client`; false (and not counted) when it already has `limit`.
    func open(_ client: String, limit: Int) -> Bool {
        counts.withLock { counts in
            let now = counts[client, default: 0]
            guard now < limit else { return false }
            counts[client] = now + 1
            return true
        }
    }

    func close(_ client: String) {
        counts.withLock { counts in
            let now = counts[client, default: 1] - 1
            counts[client] = now > 0 ? now : nil
        }
    }
}

extension SocketAddress {
    var isLoopback: Bool {
        guard let ip = ipAddress else { return false }
        return ip.hasPrefix("127.") || ip == "::1" || ip.hasPrefix("::ffff:127.")
    }
}

/// Watches the raw bytes of a connection's first request: its request line must arrive, well
/// formed, within `limits.requestLine`, its head within `limits.head`, and its response must
/// begin within `limits.firstResponse`. A malformed request line gets 400, a late one 408, and
/// the connection is closed; once the first response begins the guard leaves the pipeline and
/// Hummingbird's idle timeout takes over.
final class RequestHeadGuard: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundIn = IOData
    typealias OutboundOut = IOData

    /// The longest request line read; longer ones get 414.
    static let lineLimit = 8 * 1024

    enum Phase { case line, head, response, done }

    private let limits: ConnectionLimits
    private var phase = Phase.line
    private var line: [UInt8] = []
    /// The last bytes of the head seen, to find its blank line across reads.
    private var tail: UInt32 = 0
    private var opened = NIODeadline.now()
    private var timer: Scheduled<Void>?

    init(limits: ConnectionLimits) {
        self.limits = limits
    }

    func handlerAdded(context: ChannelHandlerContext) {
        opened = .now()
        schedule(context, at: opened + .init(limits.requestLine))
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = unwrapInboundIn(data)
        for byte in buffer.readableBytesView where phase == .line || phase == .head {
            consume(byte, context: context)
        }
        guard phase != .done else { return }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        context.write(data, promise: promise)
        if phase == .response {
            phase = .done
            timer?.cancel()
            timer = nil
            context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
        }
    }

    private func consume(_ byte: UInt8, context: ChannelHandlerContext) {
        switch phase {
        case .line:
            if byte == UInt8(ascii: "\n") {
                if line.last == UInt8(ascii: "\r") { line.removeLast() }
                // Empty lines before a request line are allowed (RFC 9112, 2.2).
                if line.isEmpty { return }
                guard Self.isRequestLine(line) else { return refuse(context, status: "400 Bad Request") }
                line = []
                phase = .head
                tail = 0x0D0A  // the line's own CRLF: a blank line next ends the head
                schedule(context, at: opened + .init(limits.head))
            } else {
                line.append(byte)
                if line.count > Self.lineLimit { refuse(context, status: "414 URI Too Long") }
            }
        case .head:
            tail = tail << 8 | UInt32(byte)
            if tail == 0x0D0A_0D0A || tail & 0xFFFF == 0x0A0A {
                phase = .response
                schedule(context, at: .now() + .init(limits.firstResponse))
            }
        case .response, .done:
            break
        }
    }

    /// `method SP target SP HTTP/1.x`, with a token for the method and no controls in the target.
    static func isRequestLine(_ line: [UInt8]) -> Bool {
        let parts = line.split(separator: UInt8(ascii: " "), omittingEmptySubsequences: false)
        guard parts.count == 3, !parts[0].isEmpty, !parts[1].isEmpty else { return false }
        let tokenSymbols = Array("!#$%&'*+-.^_`|~".utf8)
        guard parts[0].allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 | 0x20 >= 0x61 && $0 | 0x20 <= 0x7A) || tokenSymbols.contains($0) })
        else { return false }
        guard parts[1].allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else { return false }
        return parts[2].elementsEqual("HTTP/1.1".utf8) || parts[2].elementsEqual("HTTP/1.0".utf8)
    }

    private func schedule(_ context: ChannelHandlerContext, at deadline: NIODeadline) {
        timer?.cancel()
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        timer = context.eventLoop.scheduleTask(deadline: deadline) {
            let (handler, context) = loopBound.value
            switch handler.phase {
            case .line, .head: handler.refuse(context, status: "408 Request Timeout")
            case .response: context.close(promise: nil)
            case .done: break
            }
        }
    }

    /// Answers `status` with an empty body and closes the connection.
    private func refuse(_ context: ChannelHandlerContext, status: String) {
        phase = .done
        timer?.cancel()
        timer = nil
        let response = "HTTP/1.1 \(status)\r\nConnection: close\r\nContent-Length: 0\r\n\r\n"
        let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
        context.writeAndFlush(wrapOutboundOut(.byteBuffer(ByteBuffer(string: response)))).whenComplete { _ in
            loopBound.value.close(promise: nil)
        }
    }
}
