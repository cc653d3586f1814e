import SwiftDiagnostics
import SwiftSyntax
import SwiftSyntaxBuilder
import SwiftSyntaxMacros

/// The arguments of an attribute such as `@Query(alias: "x", minLength: 3)`, by label.
struct AttributeArguments {
    let attribute: AttributeSyntax
    let labeled: [String: ExprSyntax]
    let unlabeled: [ExprSyntax]

    init(_ attribute: AttributeSyntax) {
        self.attribute = attribute
        var labeled: [String: ExprSyntax] = [:]
        var unlabeled: [ExprSyntax] = []
        if case .argumentList(let list) = attribute.arguments {
            for argument in list {
                if let label = argument.label?.text {
                    labeled[label] = argument.expression
                } else {
                    unlabeled.append(argument.expression)
                }
            }
        }
        self.labeled = labeled
        self.unlabeled = unlabeled
    }

    /// The attribute's name without arguments or module qualification (`Query`, `GET`).
    var name: String { attribute.simpleName }

    /// The value of a string-literal argument, if it is one.
    func string(_ label: String) -> String? {
        labeled[label].flatMap(Self.stringLiteral)
    }

    func bool(_ label: String) -> Bool? {
        guard let expression = labeled[label]?.as(BooleanLiteralExprSyntax.self) else { return nil }
        return expression.literal.tokenKind == .keyword(.true)
    }

    static func stringLiteral(_ expression: ExprSyntax) -> String? {
        guard let literal = expression.as(StringLiteralExprSyntax.self) else { return nil }
        var text = ""
        for segment in literal.segments {
            guard let piece = segment.as(StringSegmentSyntax.self) else { return nil }
            text += piece.content.text
        }
        return text
    }

    /// `Constraints(...)` built from the constraint arguments present, or nil when there are none.
    var constraintsExpression: String? {
        let names = [
            "minLength", "maxLength", "pattern", "gt", "ge", "lt", "le", "multipleOf", "allowInfNaN", "maxDigits",
            "decimalPlaces", "literal",
        ]
        let parts = names.compactMap { name in labeled[name].map { "\(name): \($0.trimmedDescription)" } }
        return parts.isEmpty ? nil : "Constraints(\(parts.joined(separator: ", ")))"
    }

    /// Whether a `pattern:` argument, if given, is a valid regular expression; diagnoses it when not.
    func checkPattern(context: some MacroExpansionContext) -> Bool {
        guard let pattern = string("pattern"), (try? Regex(pattern)) == nil, let argument = labeled["pattern"] else {
            return true
        }
        context.diagnose(
            Diagnostic(
                node: argument,
                message: PeregrineDiagnostic.error("invalid-pattern", "'\(pattern)' is not a valid regular expression")))
        return false
    }
}

extension AttributeSyntax {
    var simpleName: String {
        let name = attributeName.trimmedDescription
        return name.split(separator: ".").last.map(String.init) ?? name
    }
}

extension AttributeListSyntax {
    func first(named names: Set<String>) -> AttributeSyntax? {
        for element in self {
            if case .attribute(let attribute) = element, names.contains(attribute.simpleName) { return attribute }
        }
        return nil
    }
}

/// What the macros need to know about a type as written.
struct TypeShape {
    let syntax: TypeSyntax

    var description: String { syntax.trimmedDescription }

    /// The wrapped type when the type is `T?`, `T!` or `Optional<T>`.
    var optionalWrapped: TypeSyntax? {
        if let optional = syntax.as(OptionalTypeSyntax.self) { return optional.wrappedType }
        if let implicit = syntax.as(ImplicitlyUnwrappedOptionalTypeSyntax.self) { return implicit.wrappedType }
        if let identifier = syntax.as(IdentifierTypeSyntax.self), identifier.name.text == "Optional",
            let argument = identifier.genericArgumentClause?.arguments.first
        {
            return TypeSyntax(fromProtocol: argument.argument)
        }
        return nil
    }

    var isOptional: Bool { optionalWrapped != nil }

    /// The type without one level of optionality.
    var unwrapped: TypeShape { optionalWrapped.map(TypeShape.init) ?? self }

    var arrayElement: TypeSyntax? {
        if let array = syntax.as(ArrayTypeSyntax.self) { return array.element }
        if let identifier = syntax.as(IdentifierTypeSyntax.self), identifier.name.text == "Array",
            let argument = identifier.genericArgumentClause?.arguments.first
        {
            return TypeSyntax(fromProtocol: argument.argument)
        }
        return nil
    }

    var isArray: Bool { arrayElement != nil }

    var isDictionary: Bool {
        if syntax.is(DictionaryTypeSyntax.self) { return true }
        if let identifier = syntax.as(IdentifierTypeSyntax.self), identifier.name.text == "Dictionary" { return true }
        return false
    }

    var isTuple: Bool { syntax.is(TupleTypeSyntax.self) && syntax.as(TupleTypeSyntax.self)!.elements.count != 1 }

    var isFunction: Bool {
        if syntax.is(FunctionTypeSyntax.self) { return true }
        if let attributed = syntax.as(AttributedTypeSyntax.self) { return TypeShape(syntax: attributed.baseType).isFunction }
        return false
    }

    var isInout: Bool {
        guard let attributed = syntax.as(AttributedTypeSyntax.self) else { return false }
        return attributed.specifiers.contains { $0.trimmedDescription == "inout" }
    }
}

extension TypeSyntax {
    init(fromProtocol generic: some SyntaxProtocol) {
        self = TypeSyntax(stringLiteral: generic.trimmedDescription)
    }
}

/// Converts a parameter name to the header it reads, as FastAPI's `convert_underscores` does,
/// extended to Swift's camel case: `user_agent` and `userAgent` both read `user-agent`.
func headerName(for name: String) -> String {
    var result = ""
    var previous: Character?
    for character in name {
        if character == "_" {
            result.append("-")
        } else if character.isUppercase, let previous, previous.isLowercase || previous.isNumber {
            result.append("-")
            result.append(Character(character.lowercased()))
        } else {
            result.append(Character(character.lowercased()))
        }
        previous = character
    }
    return result
}

/// The documentation comment before a declaration, without its `///` markers.
func documentation(of node: some SyntaxProtocol) -> String? {
    var lines: [String] = []
    for piece in node.leadingTrivia {
        switch piece {
        case .docLineComment(let text):
            var line = Substring(text.dropFirst(3))
            if line.hasPrefix(" ") { line = line.dropFirst() }
            lines.append(String(line))
        case .docBlockComment(let text):
            let body = text.dropFirst(3).dropLast(2)
            lines.append(contentsOf: body.split(separator: "\n", omittingEmptySubsequences: false).map {
                String($0.drop(while: { $0 == " " || $0 == "*" }))
            })
        default:
            continue
        }
    }
    let text = lines.joined(separator: "\n").trimmingCharacters()
    return text.isEmpty ? nil : text
}

extension String {
    func trimmingCharacters() -> String {
        var result = Substring(self)
        while let first = result.first, first.isWhitespace { result.removeFirst() }
        while let last = result.last, last.isWhitespace { result.removeLast() }
        return String(result)
    }

    /// The text as a Swift string literal.
    var literal: String {
        var escaped = ""
        for scalar in unicodeScalars {
            switch scalar {
            case "\\": escaped += "\\\\"
            case "\"": escaped += "\\\""
            case "\n": escaped += "\\n"
            case "\r": escaped += "\\r"
            case "\t": escaped += "\\t"
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return "\"\(escaped)\""
    }
}

/// The access level keyword to repeat on generated members (`public ` or empty).
func accessPrefix(of modifiers: DeclModifierListSyntax) -> String {
    for modifier in modifiers {
        switch modifier.name.tokenKind {
        case .keyword(.public), .keyword(.open): return "public "
        case .keyword(.package): return "package "
        default: continue
        }
    }
    return ""
}

/// The `private` or `fileprivate` modifier among `modifiers`: a declaration with one cannot be
/// reached from generated code, which is in another file.
func fileHidingModifier(in modifiers: DeclModifierListSyntax) -> DeclModifierSyntax? {
    modifiers.first { $0.name.tokenKind == .keyword(.private) || $0.name.tokenKind == .keyword(.fileprivate) }
}
