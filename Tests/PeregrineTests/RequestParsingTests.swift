import Foundation
@testable import Peregrine
import Testing

@Suite("Path templates")
struct PathTemplateTests {
    @Test("placeholders match one non-empty, decoded segment")
    func parameters() throws {
        let template = try PathTemplate("/users/{user_id}")
        #expect(template.match("/users/alice")?.map(\.value) == ["alice"])
        #expect(template.match("/users/al%20ice")?.map(\.value) == ["al ice"])
        #expect(template.match("/users/caf%C3%A9")?.map(\.value) == ["café"])
        #expect(template.match("/users/%FF")?.map(\.value) == ["\u{FFFD}"])
        #expect(template.match("/users/") == nil)
        #expect(template.match("/users/a%2Fb") == nil)
        #expect(template.match("/users/alice/") == nil)
        #expect(template.match("/users//alice") == nil)
        #expect(template.match("/users") == nil)
    }

    @Test("{name:path} takes the rest of the path, slashes included")
    func remainder() throws {
        let template = try PathTemplate("/files/{file_path:path}")
        #expect(template.match("/files/home/johndoe/myfile.txt")?.map(\.value) == ["home/johndoe/myfile.txt"])
        #expect(template.match("/files/")?.map(\.value) == [""])
        #expect(template.match("/files/a//b")?.map(\.value) == ["a//b"])
        #expect(template.match("/files") == nil)
    }

    @Test("a trailing slash is part of the template")
    func trailingSlash() throws {
        #expect(try PathTemplate("/items/").match("/items/") != nil)
        #expect(try PathTemplate("/items/").match("/items") == nil)
        #expect(try PathTemplate("/items").match("/items/") == nil)
    }

    @Test("literal segments match as written or percent-encoded, code point for code point")
    func encodedLiterals() throws {
        let template = try PathTemplate("/café/{id}")
        #expect(template.match("/caf%C3%A9/1")?.map(\.value) == ["1"])
        #expect(template.match("/café/1")?.map(\.value) == ["1"])
        // A decomposed é is another path to Starlette, whose regex compares code points.
        #expect(template.match("/cafe%CC%81/1") == nil)
        #expect(try PathTemplate("/").match("/") != nil)
        #expect(try PathTemplate("/").match("//") == nil)
        #expect(try PathTemplate("/").match("") == nil)
    }

    @Test("malformed templates are refused")
    func malformed() {
        #expect(throws: PathTemplate.ParseError.mustStartWithSlash("items")) { try PathTemplate("items") }
        #expect(throws: PathTemplate.ParseError.remainderNotLast("/a/{p:path}/b")) { try PathTemplate("/a/{p:path}/b") }
        #expect(throws: PathTemplate.ParseError.malformedPlaceholder("{id}.json")) { try PathTemplate("/a/{id}.json") }
    }
}

@Suite("Extractor lists")
struct ExtractorListTests {
    @Test("text, body and injected extractors are read in one synchronous pass; a file needs the asynchronous one")
    func immediateExtraction() {
        let immediate = ExtractorList(
            PathParameter<Int>("id"), QueryParameter<String?>("q"), HeaderParameter<[String]>("x-tag"),
            InferredParameter.make([Int].self, "numbers"), Injected<Request>())
        #expect(immediate.extractsImmediately)
        #expect(!immediate.hasDependencies)
        #expect(!ExtractorList(QueryParameter<Int>("n"), FileParameter<UploadFile>("file")).extractsImmediately)
        #expect(ExtractorList().extractsImmediately)
    }
}

@Suite("Query strings, cookies and Set-Cookie")
struct RequestParsingTests {
    @Test("query strings are read like Python's parse_qsl(keep_blank_values=True)")
    func queryString() {
        let query = QueryString("a=1&b=&c&&a=2&d=x+y%20z&%65=%ZZ&=v")
        #expect(query.items.map { "\($0.key)=\($0.value)" } == ["a=1", "b=", "c=", "a=2", "d=x y z", "e=%ZZ", "=v"])
        #expect(query.values(for: "a") == ["1", "2"])
        #expect(query.lastValue(for: "a") == "2")
        #expect(query.lastValue(for: "missing") == nil)
    }

    @Test("cookies are read like Starlette's cookie_parser")
    func cookies() {
        let cookies = CookieHeader(#"a=1; ads_id=2; ads_id=3;  spaced = v w ; q="quo\"ted\054x"; lone"#)
        #expect(cookies["a"] == "1")
        #expect(cookies["ads_id"] == "3")
        #expect(cookies["spaced"] == "v w")
        #expect(cookies["q"] == "quo\"ted,x")
        #expect(cookies[""] == "lone")
        #expect(CookieHeader(nil).values.isEmpty)
    }

    @Test("Set-Cookie is formatted exactly as Starlette's set_cookie formats it")
    func setCookie() {
        #expect(
            SetCookie.format(
                key: "fakesession", value: "fake-cookie-session-value", maxAge: nil, expires: nil, path: "/", domain: nil,
                secure: false, httpOnly: false, sameSite: "lax") == "fakesession=fake-cookie-session-value; Path=/; SameSite=lax")
        #expect(
            SetCookie.format(
                key: "a", value: "b c;d", maxAge: 10, expires: nil, path: "/x", domain: "ex.com", secure: true,
                httpOnly: true, sameSite: "strict")
                == #"a="b c\073d"; Domain=ex.com; HttpOnly; Max-Age=10; Path=/x; SameSite=strict; Secure"#)
        #expect(SetCookie.quote("é\"q") == #""\351\"q""#)
        #expect(SetCookie.quote("") == #""""#)
        #expect(SetCookie.httpDate(Date(timeIntervalSince1970: 1_795_656_509)) == "Thu, 26 Nov 2026 01:28:29 GMT")
    }

    @Test("numbers in messages are written the way pydantic-core writes them")
    func numberDisplay() {
        #expect(NumberDisplay.describe(10.0) == "10")
        #expect(NumberDisplay.describe(10.5) == "10.5")
        #expect(NumberDisplay.describe(0.0001) == "0.0001")
        #expect(NumberDisplay.describe(1e-7) == "0.0000001")
        #expect(NumberDisplay.describe(1e20) == "100000000000000000000")
        #expect(NumberDisplay.describe(-2.5) == "-2.5")
    }
}
