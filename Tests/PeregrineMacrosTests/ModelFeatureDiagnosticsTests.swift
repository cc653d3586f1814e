import SwiftSyntaxMacrosGenericTestSupport
import Testing

/// Mistakes in validators, computed fields and unions are reported at the user's line, in
/// words that say what to write instead.
@Suite("@Model validators, computed fields and @Union: diagnostics")
struct ModelFeatureDiagnosticsTests {
    @Test("a validator naming a field that does not exist")
    func validatorOnUnknownField() {
        assertExpansion(
            """
            @Model
            struct SignUp {
                var username: String

                @FieldValidator("user_name")
                static func check(_ value: String) throws -> String { value }
            }
            """,
            expandedSource: """
                struct SignUp {
                    var username: String
                    static func check(_ value: String) throws -> String { value }

                    /// Which fields this value was given; see `FieldsSet`.
                    var _fieldsSet = FieldsSetStorage()
                }
                """,
            diagnostics: [
                DiagnosticSpec(
                    message: "validator 'check' names 'user_name', which is not a field of SignUp (its fields: 'username')",
                    line: 5, column: 21)
            ])
    }

    @Test("a field validator that is not a static function of the value")
    func fieldValidatorSignature() {
        assertExpansion(
            """
            @Model
            struct SignUp {
                var username: String

                @FieldValidator("username")
                func check() throws {}
            }
            """,
            expandedSource: """
                struct SignUp {
                    var username: String
                    func check() throws {}

                    /// Which fields this value was given; see `FieldsSet`.
                    var _fieldsSet = FieldsSetStorage()
                }
                """,
            diagnostics: [
                DiagnosticSpec(
                    message:
                        "a field validator must be a static function of the field's value: 'static func check(_ value: FieldType) throws -> FieldType'",
                    line: 6, column: 10)
            ])
    }

    @Test("a model validator with parameters")
    func modelValidatorSignature() {
        assertExpansion(
            """
            @Model
            struct Range {
                var low: Int
                var high: Int

                @ModelValidator
                func ordered(_ strict: Bool) throws {}
            }
            """,
            expandedSource: """
                struct Range {
                    var low: Int
                    var high: Int
                    func ordered(_ strict: Bool) throws {}

                    /// Which fields this value was given; see `FieldsSet`.
                    var _fieldsSet = FieldsSetStorage()
                }
                """,
            diagnostics: [
                DiagnosticSpec(
                    message:
                        "a model validator must be a method without parameters that throws to refuse the model: 'func ordered() throws' (or returns a changed 'Self')",
                    line: 7, column: 10)
            ])
    }

    @Test("@Computed on a stored property")
    func computedOnStoredProperty() {
        assertExpansion(
            """
            @Model
            struct Rectangle {
                var width: Double
                @Computed var area: Double = 0
            }
            """,
            expandedSource: """
                struct Rectangle {
                    var width: Double
                    var area: Double = 0

                    /// Which fields this value was given; see `FieldsSet`.
                    var _fieldsSet = FieldsSetStorage()
                }
                """,
            diagnostics: [
                DiagnosticSpec(
                    message:
                        "@Computed applies to a computed property with a type annotation, such as 'var area: Double { width * height }'",
                    line: 4, column: 5)
            ])
    }

    @Test("a union case without exactly one unlabelled value, and a union of one case")
    func unionShapes() {
        assertExpansion(
            """
            @Union
            enum Tag {
                case int(Int)
                case pair(first: Int, second: Int)
            }
            @Union
            enum Lonely {
                case only(Int)
            }
            """,
            expandedSource: """
                enum Tag {
                    case int(Int)
                    case pair(first: Int, second: Int)
                }
                enum Lonely {
                    case only(Int)
                }
                """,
            diagnostics: [
                DiagnosticSpec(
                    message:
                        "case 'pair' of a @Union must hold exactly one unlabelled value, its member type: 'case pair(Member)'",
                    line: 4, column: 10),
                DiagnosticSpec(message: "a @Union needs at least two cases, one per member type", line: 7, column: 6),
            ])
    }

    @Test("@Union on a struct, and an empty discriminator")
    func unionMisplaced() {
        assertExpansion(
            """
            @Union
            struct Pet {}
            @Union(discriminator: "")
            enum Animal {
                case cat(Cat)
                case dog(Dog)
            }
            """,
            expandedSource: """
                struct Pet {}
                enum Animal {
                    case cat(Cat)
                    case dog(Dog)
                }
                """,
            diagnostics: [
                DiagnosticSpec(
                    message: "@Union applies to an enum whose cases each hold one value: 'case int(Int), str(String)'", line: 1,
                    column: 1),
                DiagnosticSpec(
                    message: "the discriminator must be a non-empty string literal: the field holding the tag", line: 3, column: 23),
            ])
    }
}
