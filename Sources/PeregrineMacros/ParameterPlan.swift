import SwiftDiagnostics
import SwiftSyntax
import SwiftSyntaxMacros

/// How one endpoint or dependency parameter is extracted: read from its declaration, checked
/// against its source, then written as the library's extractor factory for that source.
struct ParameterPlan {
    let source: ParameterSource
    /// The name on the wire: the path placeholder, query key, header name, cookie name or body key.
    let wireName: String
    /// The argument label to call the function with, nil for `_`.
    let label: String?
    /// The extractor expression.
    let extractor: String

    /// Reads one parameter of an endpoint (with its route's `template`) or of a dependency
    /// (`template` nil: a dependency serves routes with any path); nil after reporting a mistake.
    init?(parameter: FunctionParameterSyntax, template: RouteTemplate?, context: some MacroExpansionContext) {
        let declaration = ParameterDeclaration(parameter, template: template)
        guard declaration.check(template: template, context: context) else { return nil }
        source = declaration.source
        wireName = declaration.wireName
        label = declaration.label
        extractor = declaration.extractorExpression
    }
}

/// One parameter as written.
private struct ParameterDeclaration {
    let syntax: FunctionParameterSyntax
    let source: ParameterSource
    let label: String?
    /// The name the function declares (its label, or its internal name for `_`).
    let declaredName: String
    let wireName: String
    let type: TypeShape
    let defaultValue: String?
    let arguments: AttributeArguments?

    init(_ parameter: FunctionParameterSyntax, template: RouteTemplate?) {
        syntax = parameter
        let firstName = parameter.firstName.text
        label = firstName == "_" ? nil : firstName
        declaredName = firstName == "_" ? (parameter.secondName?.text ?? firstName) : firstName
        arguments = parameter.attributes.first(named: Set(ParameterSource.attributes.keys)).map(AttributeArguments.init)
        if let name = arguments?.name, let named = ParameterSource.attributes[name] {
            source = named
        } else {
            source = (template?.placeholders ?? []).contains(declaredName) ? .path : .inferred
        }
        type = TypeShape(syntax: parameter.type)
        defaultValue = parameter.defaultValue?.value.trimmedDescription
        let alias = arguments?.string("alias")
        if source == .header, alias == nil, arguments?.bool("convertUnderscores") != false {
            wireName = headerName(for: declaredName)
        } else {
            wireName = source == .dependency ? declaredName : alias ?? declaredName
        }
    }

    // MARK: Checking

    /// Reports what cannot work; true when nothing is wrong.
    func check(template: RouteTemplate?, context: some MacroExpansionContext) -> Bool {
        if syntax.ellipsis != nil || type.isInout {
            context.diagnose(
                Diagnostic(
                    node: syntax,
                    message: PeregrineDiagnostic.error(
                        "unsupported-parameter", "endpoint parameter '\(declaredName)' cannot be variadic or inout")))
            return false
        }
        if source == .dependency {
            guard let defaultClause = syntax.defaultValue else { return true }
            context.diagnose(
                Diagnostic(
                    node: defaultClause,
                    message: PeregrineDiagnostic.error(
                        "dependency-default", "parameter '\(declaredName)' is computed by a dependency; it cannot have a default value")))
            return false
        }
        if let arguments, !arguments.checkPattern(context: context) { return false }
        return checkTypeFitsSource(context: context) && checkPath(template: template, context: context)
    }

    /// Whether the type can come from the source, as far as the written type tells.
    private func checkTypeFitsSource(context: some MacroExpansionContext) -> Bool {
        guard let title = source.textTitle else { return true }
        var reason: String?
        if type.isDictionary || type.unwrapped.isDictionary {
            reason = "a \(title) value is text, not a dictionary; read dictionaries from the body"
        } else if type.isTuple || type.isFunction {
            reason = "only scalars and arrays of scalars can come from the \(title)"
        } else if let element = type.unwrapped.arrayElement {
            let elementShape = TypeShape(syntax: element)
            if source.holdsSingleValue {
                reason = "a \(title) parameter holds a single value, not a list"
            } else if elementShape.isArray || elementShape.isDictionary || elementShape.isOptional {
                reason = "the elements of a \(title) list must be scalars"
            }
        }
        guard let reason else { return true }
        context.diagnose(
            Diagnostic(
                node: syntax.type,
                message: PeregrineDiagnostic.unsupportedType(declaredName, source: title, type: type.description, reason: reason)))
        return false
    }

    /// A path parameter names a placeholder, is not optional and has no default; a placeholder
    /// comes from nowhere but the path.
    private func checkPath(template: RouteTemplate?, context: some MacroExpansionContext) -> Bool {
        guard source == .path else {
            guard let template, template.placeholders.contains(wireName), source != .inferred else { return true }
            context.diagnose(
                Diagnostic(
                    node: syntax,
                    message: PeregrineDiagnostic.error(
                        "placeholder-from-other-source",
                        "'\(wireName)' is a placeholder of path '\(template.path)', so it must come from the path, not the \(source.word)"
                    )))
            return false
        }
        if let template, !template.placeholders.contains(wireName) {
            context.diagnose(
                Diagnostic(node: syntax, message: PeregrineDiagnostic.pathParameterNotInTemplate(wireName, path: template.path)))
            return false
        }
        if let wrapped = type.optionalWrapped {
            context.diagnose(
                Diagnostic(
                    node: syntax.type, message: PeregrineDiagnostic.optionalPathParameter(declaredName),
                    fixIt: FixIt(
                        message: PeregrineFixIt(message: "make '\(declaredName)' non-optional"),
                        changes: [.replace(oldNode: Syntax(syntax.type), newNode: Syntax(wrapped.trimmed))])))
            return false
        }
        if let defaultClause = syntax.defaultValue {
            context.diagnose(
                Diagnostic(
                    node: defaultClause, message: PeregrineDiagnostic.pathParameterWithDefault(declaredName),
                    fixIt: FixIt(
                        message: PeregrineFixIt(message: "remove the default value"),
                        changes: [.replace(oldNode: Syntax(syntax), newNode: Syntax(syntax.with(\.defaultValue, nil)))])))
            return false
        }
        return true
    }

    // MARK: Code

    /// The library's extractor for the parameter: `InferredParameter.make` when the type decides,
    /// else the factory of the attribute's type (`Query<Int>.extractor("skip", default: 0)`).
    var extractorExpression: String {
        let typeText = syntax.type.trimmedDescription
        guard let attributeName = source.attributeName else {
            return "InferredParameter.make((\(typeText)).self, \(wireName.literal)" + (defaultValue.map { ", default: \($0)" } ?? "") + ")"
        }
        var factoryArguments: [String] = []
        if source == .dependency {
            if let reference = arguments?.unlabeled.first { factoryArguments.append(reference.trimmedDescription) }
            if let useCache = arguments?.labeled["useCache"] { factoryArguments.append("useCache: \(useCache.trimmedDescription)") }
            return "\(attributeName)<\(typeText)>.extractor(\(factoryArguments.joined(separator: ", ")))"
        }
        factoryArguments.append(wireName.literal)
        if source.takesDefault, let defaultValue { factoryArguments.append("default: \(defaultValue)") }
        if source == .body, arguments?.bool("embed") == true { factoryArguments.append("embed: true") }
        if source.takesConstraints, let constraints = arguments?.constraintsExpression {
            factoryArguments.append("constraints: \(constraints)")
        }
        if let description = arguments?.labeled["description"] {
            factoryArguments.append("description: \(description.trimmedDescription)")
        }
        if source != .file, let deprecated = arguments?.labeled["deprecated"] {
            factoryArguments.append("deprecated: \(deprecated.trimmedDescription)")
        }
        var expression = "\(attributeName)<\(typeText)>.extractor(\(factoryArguments.joined(separator: ", ")))"
        if source != .file, let examples = arguments?.labeled["examples"] {
            expression += ".documented(examples: \(examples.trimmedDescription))"
        }
        return expression
    }
}
