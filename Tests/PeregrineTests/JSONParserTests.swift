import Peregrine
import Testing

/// The parser accepts Python's JSON dialect and fails with Python's messages at Python's positions,
/// which FastAPI puts in its `json_invalid` errors.
@Suite("JSON parser")
struct JSONParserTests {
    static let syntaxErrors: [(String, String, Int)] = [
        ("{bad", "Expecting property name enclosed in double quotes", 1),
        ("", "Expecting value", 0),
        ("  ", "Expecting value", 2),
        ("{", "Expecting property name enclosed in double quotes", 1),
        ("[", "Expecting value", 1),
        ("[1,", "Expecting value", 3),
        ("[1,]", "Expecting value", 3),
        ("{\"a\"", "Expecting ':' delimiter", 4),
        ("{\"a\" 1}", "Expecting ':' delimiter", 5),
        ("{\"a\":}", "Expecting value", 5),
        ("{\"a\":1,}", "Expecting property name enclosed in double quotes", 7),
        ("{\"a\":1 \"b\":2}", "Expecting ',' delimiter", 7),
        ("[1 2]", "Expecting ',' delimiter", 3),
        ("\"abc", "Unterminated string starting at", 0),
        ("\"a\u{01}b\"", "Invalid control character at", 2),
        ("\"a\\qb\"", "Invalid \\escape", 2),
        ("\"\\u12\"", "Invalid \\uXXXX escape", 2),
        ("\"\\uZZZZ\"", "Invalid \\uXXXX escape", 2),
        ("{\"a\":1}x", "Extra data", 7),
        ("tru", "Expecting value", 0),
        ("-", "Expecting value", 0),
        ("01", "Extra data", 1),
        ("1.", "Extra data", 1),
        ("1e", "Extra data", 1),
        (".5", "Expecting value", 0),
        ("+1", "Expecting value", 0),
        ("[1,2]]", "Extra data", 5),
        ("{\"a\":[1,2}", "Expecting ',' delimiter", 9),
        ("{'a':1}", "Expecting property name enclosed in double quotes", 1),
        ("\"é\\x\"", "Invalid \\escape", 2),
        ("é", "Expecting value", 0),
        ("\"\t\"", "Invalid control character at", 1),
        ("[-]", "Expecting value", 1),
        ("-01", "Extra data", 2),
        ("1.5e+", "Extra data", 3),
        ("{\"é\": \"x\", \"b\": }", "Expecting value", 16),
    ]

    @Test("syntax errors have Python's message and position", arguments: syntaxErrors)
    func syntaxError(_ text: String, _ message: String, _ position: Int) {
        #expect(throws: JSONParseError.syntax(message: message, position: position)) {
            try JSONParser.parse(Array(text.utf8))
        }
    }

    @Test("integers and floats stay apart; Python's NaN and Infinity are numbers")
    func numbers() throws {
        #expect(try JSONParser.parse(Array("[1, 1.0, -0.0, 1E-2, 1e400, NaN, -Infinity, 9223372036854775808]".utf8)).description
            == "[1,1.0,-0.0,0.01,null,null,null,9.223372036854776e+18]")
        #expect(try JSONParser.parse(Array("-9223372036854775808".utf8)) == .int(.min))
        guard case .double(let nan) = try JSONParser.parse(Array("NaN".utf8)) else { Issue.record("not a double"); return }
        #expect(nan.isNaN)
    }

    @Test("a repeated key keeps its first position and its last value, like a Python dict")
    func repeatedKeys() throws {
        let value = try JSONParser.parse(Array(#"{"a": 1, "b": 2, "a": 3}"#.utf8))
        #expect(value.description == #"{"a":3,"b":2}"#)
    }

    @Test("escapes, surrogate pairs and non-ASCII text decode")
    func strings() throws {
        let value = try JSONParser.parse(Array(#"["Foo\u00e9\ud83d\ude00", "\"\\\/\b\f\n\r\t", "naïve"]"#.utf8))
        #expect(value == ["Fooé😀", "\"\\/\u{08}\u{0C}\n\r\t", "naïve"])
    }

    @Test("a byte order mark is skipped, as Python's utf-8-sig does")
    func byteOrderMark() throws {
        #expect(try JSONParser.parse([0xEF, 0xBB, 0xBF] + Array("{}".utf8)) == .object([:]))
    }

    @Test("bytes that are not UTF-8 are refused, wherever they are")
    func invalidUTF8() {
        #expect(throws: JSONParseError.invalidUTF8) { try JSONParser.parse(Array("{\"a\": \"".utf8) + [0xFF] + Array("\"}".utf8)) }
        #expect(throws: JSONParseError.invalidUTF8) { try JSONParser.parse(Array("{\"a\": 1}".utf8) + [0xFF]) }
    }

    @Test("nesting deeper than the limit is refused without exhausting the stack")
    func nesting() throws {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(throws: JSONParseError.nestingTooDeep) { try JSONParser.parse(Array(deep.utf8)) }
        let fine = String(repeating: "[", count: 512) + String(repeating: "]", count: 512)
        #expect(try JSONParser.parse(Array(fine.utf8)) != .null)
    }
}

@Suite("JSON writer")
struct JSONWriterTests {
    @Test("floats are written as Python writes them", arguments: [
        (2.0, "2.0"), (1e16, "1e+16"), (1e15, "1000000000000000.0"), (1e-7, "1e-07"), (0.0001, "0.0001"),
        (0.1 + 0.2, "0.30000000000000004"), (-0.0, "-0.0"), (1.5e16, "1.5e+16"), (35.4, "35.4"),
    ])
    func floats(_ value: Double, _ text: String) {
        #expect(JSONValue.double(value).description == text)
    }

    @Test("non-finite floats become null, as FastAPI writes them")
    func nonFinite() {
        #expect(JSONValue.array([.double(.nan), .double(.infinity)]).description == "[null,null]")
    }

    @Test("strings are escaped like json.dumps(ensure_ascii=False)")
    func strings() {
        #expect(JSONValue.string("a\"b\\c\n\r\t\u{08}\u{0C}\u{01}\u{7F}é😀/").description
            == #""a\"b\\c\n\r\t\b\f\u0001"# + "\u{7F}é😀/\"")
    }

    @Test("objects keep their order")
    func order() {
        let object: JSONValue = ["z": 1, "a": [true, nil], "m": ["x": "y"]]
        #expect(object.description == #"{"z":1,"a":[true,null],"m":{"x":"y"}}"#)
    }
}
