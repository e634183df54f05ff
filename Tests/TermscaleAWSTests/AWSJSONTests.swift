import Foundation
import Testing

@testable import TermscaleAWS

/// JSON as the REST-JSON protocol and the schedules' inputs carry it: read per RFC 8259, written
/// back compactly with members in order and numbers as their text.
@Suite struct AWSJSONTests {
    @Test func aDocumentIsWrittenBackCompactlyMembersInOrderNumbersAsWritten() throws {
        let text = """
            { "b" : [1, -0.5, 2.0, 1e-05, 1.9250784E9, true, false, null],
              "a" : {"nested": {}, "empty": []}, "s": "quote \\" backslash \\\\ slash \\/ tab \\t nl \\n é 😀 \\u00e9 \\ud83d\\ude00" }
            """
        let value = try AWSJSON.parse(text)
        #expect(
            value.text
                == #"{"b":[1,-0.5,2.0,1e-05,1.9250784E9,true,false,null],"a":{"nested":{},"empty":[]},"#
                + #""s":"quote \" backslash \\ slash / tab \t nl \n é 😀 é 😀"}"#)
        #expect(value["a"]?["nested"] == .object([]))
        #expect(value["s"]?.stringValue?.hasSuffix("é 😀 é 😀") == true)
        #expect(value["missing"] == nil)
        #expect(value["b"]?.stringValue == nil)
        #expect(try AWSJSON.parse(value.text) == value)
    }

    @Test func controlCharactersAreEscapedAsPythonEscapesThem() {
        let text = AWSJSON.string("\u{08}\u{0c}\r\u{01}\u{1f}\u{7f}\u{2028}").text
        #expect(text == "\"\\b\\f\\r\\u0001\\u001f\u{7f}\u{2028}\"")
    }

    @Test func whatIsNotJSONIsRefusedSayingWhere() {
        func error(_ text: String) -> AWSJSON.ParseError? {
            do {
                _ = try AWSJSON.parse(text)
                return nil
            } catch {
                return error as? AWSJSON.ParseError
            }
        }
        #expect(error("") == .init(offset: 0, reason: "unexpected end"))
        #expect(error("{} x") == .init(offset: 3, reason: "text after the value"))
        #expect(error(#"{"a":1,"a":2}"#) == .init(offset: 7, reason: #"member "a" appears twice"#))
        #expect(error("[01]") == .init(offset: 2, reason: "expected ',' or ']'"))
        #expect(error("[1.]") == .init(offset: 3, reason: "expected a digit after '.'"))
        #expect(error("[.5]") == .init(offset: 1, reason: "unexpected character"))
        #expect(error(#"["\ud800"]"#) == .init(offset: 8, reason: #"lone high surrogate in \u escape"#))
        #expect(error(#"["\udc00"]"#) == .init(offset: 8, reason: #"lone low surrogate in \u escape"#))
        #expect(error("[\"a\nb\"]") == .init(offset: 3, reason: "control character in a string"))
        #expect(error(#"{"a" 1}"#) == .init(offset: 5, reason: "expected ':'"))
        #expect(error("nul") == .init(offset: 3, reason: "expected null"))
        #expect(error(String(repeating: "[", count: 300)) == .init(offset: 256, reason: "nested more than 256 deep"))
        #expect(error(#"["\x"]"#)?.reason == "unknown escape")
    }
}
