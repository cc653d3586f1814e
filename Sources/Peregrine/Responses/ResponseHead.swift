import Foundation
import Synchronization

/// The status, headers and cookies of the response an endpoint is about to send: FastAPI's
/// "`response: Response` parameter".
///
/// Declare a parameter of this type and change it; the endpoint's return value still becomes the
/// body, and what was set here is applied to the response:
///
/// ```swift
/// @GET("/legacy/")
/// func legacy(response: ResponseHead) -> Message {
///     response.headers[HTTPField.Name("X-Cat-Dog")!] = "alone in the world"
///     response.setCookie("fakesession", "fake-cookie-session-value")
///     return Message(message: "Come to the dark side, we have cookies")
/// }
/// ```
///
/// One instance exists per request and is shared by everything that asks for it.
public final class ResponseHead: Sendable, RequestInjectable {
    private struct State {
        var status: HTTPResponse.Status?
        var headers = HTTPFields()
    }

    private let state = Mutex(State())

    public init() {}

    public static func inject(from input: inout RequestInput) -> ResponseHead {
        if let head = input.effects.responseHead { return head }
        let head = ResponseHead()
        input.effects.responseHead = head
        return head
    }

    /// A status that replaces the route's declared one.
    public var status: HTTPResponse.Status? {
        get { state.withLock { $0.status } }
        set { state.withLock { $0.status = newValue } }
    }

    /// Headers added to the response; they replace headers of the same name set by the endpoint's
    /// return value.
    public var headers: HTTPFields {
        get { state.withLock { $0.headers } }
        set { state.withLock { $0.headers = newValue } }
    }

    /// Adds a `Set-Cookie` header formatted exactly as Starlette's `Response.set_cookie` formats it.
    ///
    /// - Parameters:
    ///   - maxAge: seconds until the cookie expires.
    ///   - expires: the moment the cookie expires.
    ///   - sameSite: `"lax"` (the default), `"strict"`, `"none"`, or nil to leave the attribute out.
    public func setCookie(
        _ key: String,
        _ value: String = "",
        maxAge: Int? = nil,
        expires: Date? = nil,
        path: String? = "/",
        domain: String? = nil,
        secure: Bool = false,
        httpOnly: Bool = false,
        sameSite: String? = "lax"
    ) {
        let cookie = SetCookie.format(
            key: key, value: value, maxAge: maxAge, expires: expires, path: path, domain: domain, secure: secure,
            httpOnly: httpOnly, sameSite: sameSite)
        state.withLock { $0.headers.append(HTTPField(name: .setCookie, value: cookie)) }
    }

    /// Tells the client to drop a cookie, as Starlette's `Response.delete_cookie` does.
    public func deleteCookie(_ key: String, path: String = "/", domain: String? = nil, secure: Bool = false, httpOnly: Bool = false, sameSite: String? = "lax") {
        setCookie(
            key, "", maxAge: 0, expires: Date(), path: path, domain: domain, secure: secure, httpOnly: httpOnly,
            sameSite: sameSite)
    }

    /// Applies the status, headers and cookies to `response`.
    func apply(to response: inout Response) {
        let snapshot = state.withLock { $0 }
        if let status = snapshot.status { response.status = status }
        response.headers.overlay(snapshot.headers)
    }
}

/// `Set-Cookie` values in the format of Python's `http.cookies`, which Starlette uses.
enum SetCookie {
    static func format(
        key: String, value: String, maxAge: Int?, expires: Date?, path: String?, domain: String?, secure: Bool,
        httpOnly: Bool, sameSite: String?
    ) -> String {
        // Python writes the attributes sorted by name.
        var parts = ["\(key)=\(quote(value))"]
        if let domain { parts.append("Domain=\(domain)") }
        if let expires { parts.append("expires=\(httpDate(expires))") }
        if httpOnly { parts.append("HttpOnly") }
        if let maxAge { parts.append("Max-Age=\(maxAge)") }
        if let path { parts.append("Path=\(path)") }
        if let sameSite { parts.append("SameSite=\(sameSite)") }
        if secure { parts.append("Secure") }
        return parts.joined(separator: "; ")
    }

    private static let legal = Set(
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-.^_`|~:".unicodeScalars)
    private static let unreserved = legal.union(" ()/<=>?@[]{}".unicodeScalars)

    /// Python's `http.cookies._quote`: legal values stay bare, others are quoted with octal escapes.
    static func quote(_ value: String) -> String {
        if !value.isEmpty, value.unicodeScalars.allSatisfy(legal.contains) { return value }
        var result = "\""
        for scalar in value.unicodeScalars {
            if scalar == "\"" {
                result += "\\\""
            } else if scalar == "\\" {
                result += "\\\\"
            } else if scalar.value < 256, !unreserved.contains(scalar) {
                result += "\\" + String(repeating: "0", count: 3 - String(scalar.value, radix: 8).count)
                    + String(scalar.value, radix: 8)
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }

    static func httpDate(_ date: Date) -> String { HTTPDate.format(date) }
}
