import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// A refusal the API explains: a status and a message saying what is wrong, sent as
/// `{"error": {"status": 422, "message": "..."}}`.
struct APIError: Error, HTTPResponseError, CustomStringConvertible {
    var status: HTTPResponse.Status
    var message: String

    init(_ status: HTTPResponse.Status, _ message: String) {
        self.status = status
        self.message = message
    }

    var description: String { "\(status.code) \(message)" }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        Self.response(status: status, message: message)
    }

    static func response(status: HTTPResponse.Status, message: String) -> Response {
        let body: [String: [String: JSONAny]] = ["error": ["status": .int(status.code), "message": .string(message)]]
        let data = (try? JSONEncoder.api.encode(body)) ?? Data("{}".utf8)
        return Response(status: status, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

/// A scalar for small hand-built JSON bodies.
enum JSONAny: Encodable, Sendable {
    case int(Int)
    case string(String)
    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .int(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        }
    }
}

extension JSONEncoder {
    /// Sorted keys, so responses are stable.
    static var api: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}

/// Turns every error a handler throws into a JSON error: API errors as they are, Hummingbird's
/// own (a body over the size limit, an unknown route) with their status, anything else as a
/// 500 that says so without leaking internals.
struct JSONErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as APIError {
            return APIError.response(status: error.status, message: error.message)
        } catch let error as HTTPError {
            let message =
                error.body ?? (error.status == .notFound ? "no such route: \(request.method) \(request.uri.path)" : error.status.reasonPhrase)
            return APIError.response(status: error.status, message: message)
        } catch let error as any HTTPResponseError {
            let message =
                error.status == .contentTooLarge ? "the request body is over the limit of \(context.maxUploadSize) bytes" : error.status.reasonPhrase
            return APIError.response(status: error.status, message: message)
        } catch {
            context.logger.error("internal error: \(error)")
            return APIError.response(status: .internalServerError, message: "internal error")
        }
    }
}
