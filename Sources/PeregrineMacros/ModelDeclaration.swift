import SwiftDiagnostics
import SwiftSyntax
import SwiftSyntaxBuilder
import SwiftSyntaxMacros

/// A `@Model` struct as written: its fields, computed fields, validators and settings.
struct ModelDeclaration {
    struct Field {
        let name: String
        let key: String
        let type: String
        let defaultValue: String?
        let constraints: String?
        let hasLiteral: Bool
        let strict: Bool
        let description: String?
        let deprecated: String?
        let examples: String?
        var afterValidators: [String] = []
        var beforeValidators: [String] = []
    }

    struct ComputedField {
        let name: String
        let key: String
        let type: String
        let description: String?
    }

    /// A whole-model validator: `before` ones are static and see the raw input; `after` ones are
    /// methods run on the validated model, returning it (possibly changed) or nothing.
    struct ModelValidator {
        let name: String
        let before: Bool
        let returnsModel: Bool
    }

    let access: String
    let schemaName: String
    let genericParameters: [String]
    /// Whether each field's constraints are made once, as static constants, rather than on every
    /// validation: possible unless the type is generic or inside something that may be.
    let hoistsConstraints: Bool
    let forbidsExtra: Bool
    let strict: Bool
    var fields: [Field] = []
    var computed: [ComputedField] = []
    var modelValidators: [ModelValidator] = []

    init?(_ declaration: StructDeclSyntax, attribute: AttributeSyntax, context: some MacroExpansionContext) {
        access = accessPrefix(of: declaration.modifiers)
        let settings = AttributeArguments(attribute)
        forbidsExtra = settings.labeled["extra"]?.trimmedDescription.hasSuffix("forbid") == true
        strict = settings.bool("strict") == true
        schemaName = declaration.name.text
        genericParameters = declaration.genericParameterClause?.parameters.map(\.name.text) ?? []
        hoistsConstraints =
            genericParameters.isEmpty
            && context.lexicalContext.allSatisfy { scope in
                // Static stored properties are refused in generic types and extensions of them.
                if let group = scope.as(StructDeclSyntax.self) { return group.genericParameterClause == nil }
                if let group = scope.as(ClassDeclSyntax.self) { return group.genericParameterClause == nil }
                if let group = scope.as(EnumDeclSyntax.self) { return group.genericParameterClause == nil }
                if let group = scope.as(ActorDeclSyntax.self) { return group.genericParameterClause == nil }
                return false
            }
        var failed = false
        var fieldValidators: [(attribute: AttributeSyntax, function: FunctionDeclSyntax)] = []
        for member in declaration.memberBlock.members {
            if let function = member.decl.as(FunctionDeclSyntax.self) {
                if let validator = function.attributes.first(named: ["FieldValidator"]) {
                    fieldValidators.append((validator, function))
                } else if let validator = function.attributes.first(named: ["ModelValidator"]) {
                    guard let read = Self.modelValidator(function, attribute: validator, context: context) else {
                        failed = true
                        continue
                    }
                    modelValidators.append(read)
                }
                continue
            }
            guard let variable = member.decl.as(VariableDeclSyntax.self) else { continue }
            if variable.modifiers.contains(where: {
                $0.name.tokenKind == .keyword(.static) || $0.name.tokenKind == .keyword(.class)
            }) { continue }
            if let computedAttribute = variable.attributes.first(named: ["Computed"]) {
                guard let field = Self.computedField(variable, attribute: computedAttribute, context: context) else {
                    failed = true
                    continue
                }
                computed.append(field)
                continue
            }
            switch readFields(of: variable, context: context) {
            case .some(let read): fields.append(contentsOf: read)
            case .none: failed = true
            }
        }
        for (attribute, function) in fieldValidators {
            if !attach(validator: function, attribute: attribute, context: context) { failed = true }
        }
        if failed { return nil }
    }

    /// The stored fields one `var`/`let` declaration declares; nil after reporting a mistake.
    func readFields(of variable: VariableDeclSyntax, context: some MacroExpansionContext) -> [Field]? {
        let isLet = variable.bindingSpecifier.tokenKind == .keyword(.let)
        if let hidden = fileHidingModifier(in: variable.modifiers),
            variable.bindings.contains(where: { $0.accessorBlock == nil && !(isLet && $0.initializer != nil) })
        {
            context.diagnose(
                Diagnostic(
                    node: hidden,
                    message: PeregrineDiagnostic.error(
                        "private-field",
                        "a field of a @Model type cannot be \(hidden.name.text): the generated code reads and sets it from another file"
                    )))
            return nil
        }
        let arguments = variable.attributes.first(named: ["Field"]).map(AttributeArguments.init)
        var fields: [Field] = []
        for binding in variable.bindings {
            guard let identifier = binding.pattern.as(IdentifierPatternSyntax.self) else { continue }
            if let accessors = binding.accessorBlock {
                // Computed properties are not fields; observed ones (willSet/didSet) are.
                if case .getter = accessors.accessors { continue }
                if case .accessors(let list) = accessors.accessors,
                    list.contains(where: { ["get", "set", "_read", "_modify"].contains($0.accessorSpecifier.text) })
                {
                    continue
                }
            }
            // A constant with a value is not read from input.
            if isLet && binding.initializer != nil { continue }
            let name = identifier.identifier.text
            if name == ModelMacro.fieldsSetProperty { continue }
            guard let typeAnnotation = binding.typeAnnotation else {
                context.diagnose(
                    Diagnostic(
                        node: binding,
                        message: PeregrineDiagnostic.error(
                            "model-field-type", "field '\(name)' needs a type annotation, such as '\(name): String'")))
                return nil
            }
            if let arguments, !arguments.checkPattern(context: context) { return nil }
            fields.append(
                Field(
                    name: name, key: arguments?.string("alias") ?? name, type: typeAnnotation.type.trimmedDescription,
                    defaultValue: binding.initializer?.value.trimmedDescription,
                    constraints: arguments?.constraintsExpression, hasLiteral: arguments?.labeled["literal"] != nil,
                    strict: arguments?.bool("strict") ?? strict,
                    description: arguments?.labeled["description"]?.trimmedDescription,
                    deprecated: arguments?.labeled["deprecated"]?.trimmedDescription,
                    examples: arguments?.labeled["examples"]?.trimmedDescription))
        }
        return fields
    }

    static func computedField(
        _ variable: VariableDeclSyntax, attribute: AttributeSyntax, context: some MacroExpansionContext
    ) -> ComputedField? {
        guard let binding = variable.bindings.first, variable.bindings.count == 1,
            let identifier = binding.pattern.as(IdentifierPatternSyntax.self), binding.accessorBlock != nil,
            let type = binding.typeAnnotation?.type
        else {
            context.diagnose(
                Diagnostic(
                    node: attribute,
                    message: PeregrineDiagnostic.error(
                        "computed-field-not-computed",
                        "@Computed applies to a computed property with a type annotation, such as 'var area: Double { width * height }'"
                    )))
            return nil
        }
        let arguments = AttributeArguments(attribute)
        let name = identifier.identifier.text
        return ComputedField(
            name: name, key: arguments.string("alias") ?? name, type: type.trimmedDescription,
            description: arguments.labeled["description"]?.trimmedDescription)
    }

    static func modelValidator(
        _ function: FunctionDeclSyntax, attribute: AttributeSyntax, context: some MacroExpansionContext
    ) -> ModelValidator? {
        let before = AttributeArguments(attribute).labeled["mode"]?.trimmedDescription.hasSuffix("before") == true
        let isStatic = function.modifiers.contains { $0.name.tokenKind == .keyword(.static) }
        let parameterCount = function.signature.parameterClause.parameters.count
        let returnType = function.signature.returnClause?.type.trimmedDescription
        let fits = before ? isStatic && parameterCount == 1 && returnType != nil : !isStatic && parameterCount == 0
        guard fits else {
            let shape =
                before
                ? "a static function taking and returning the raw input: 'static func \(function.name.text)(_ input: JSONValue) throws -> JSONValue'"
                : "a method without parameters that throws to refuse the model: 'func \(function.name.text)() throws' (or returns a changed 'Self')"
            context.diagnose(
                Diagnostic(
                    node: function.name,
                    message: PeregrineDiagnostic.error("model-validator-signature", "a model validator must be \(shape)")))
            return nil
        }
        guard Self.checkVisible(validator: function, context: context) else { return nil }
        return ModelValidator(
            name: function.name.text, before: before, returnsModel: returnType != nil && returnType != "Void" && returnType != "()")
    }

    /// A validator is called from the generated code, in another file: it cannot be private.
    static func checkVisible(validator function: FunctionDeclSyntax, context: some MacroExpansionContext) -> Bool {
        guard let hidden = fileHidingModifier(in: function.modifiers) else { return true }
        context.diagnose(
            Diagnostic(
                node: hidden,
                message: PeregrineDiagnostic.error(
                    "private-validator",
                    "validator '\(function.name.text)' cannot be \(hidden.name.text): the generated code calls it from another file")))
        return false
    }

    /// Attaches a `@FieldValidator("a", "b")` function to the fields it names.
    mutating func attach(
        validator function: FunctionDeclSyntax, attribute: AttributeSyntax, context: some MacroExpansionContext
    ) -> Bool {
        let arguments = AttributeArguments(attribute)
        let before = arguments.labeled["mode"]?.trimmedDescription.hasSuffix("before") == true
        let isStatic = function.modifiers.contains { $0.name.tokenKind == .keyword(.static) }
        guard isStatic, function.signature.parameterClause.parameters.count == 1, function.signature.returnClause != nil else {
            let shape =
                before
                ? "'static func \(function.name.text)(_ input: JSONValue) throws -> JSONValue'"
                : "'static func \(function.name.text)(_ value: FieldType) throws -> FieldType'"
            context.diagnose(
                Diagnostic(
                    node: function.name,
                    message: PeregrineDiagnostic.error(
                        "field-validator-signature", "a field validator must be a static function of the field's value: \(shape)")))
            return false
        }
        guard Self.checkVisible(validator: function, context: context) else { return false }
        guard !arguments.unlabeled.isEmpty else {
            context.diagnose(
                Diagnostic(
                    node: attribute,
                    message: PeregrineDiagnostic.error("field-validator-without-field", "name the fields the validator checks: @FieldValidator(\"name\")")))
            return false
        }
        var valid = true
        for expression in arguments.unlabeled {
            guard let name = AttributeArguments.stringLiteral(expression) else {
                context.diagnose(
                    Diagnostic(node: expression, message: PeregrineDiagnostic.error("field-validator-name", "a field name must be a string literal")))
                valid = false
                continue
            }
            guard let index = fields.firstIndex(where: { $0.name == name }) else {
                let known = fields.map { "'\($0.name)'" }.joined(separator: ", ")
                context.diagnose(
                    Diagnostic(
                        node: expression,
                        message: PeregrineDiagnostic.error(
                            "field-validator-unknown-field",
                            "validator '\(function.name.text)' names '\(name)', which is not a field of \(schemaName) (its fields: \(known.isEmpty ? "none" : known))"
                        )))
                valid = false
                continue
            }
            if before {
                fields[index].beforeValidators.append(function.name.text)
            } else {
                fields[index].afterValidators.append(function.name.text)
            }
        }
        return valid
    }

    /// Whether a field is declared `@Field(literal: ...)`, the tag of a discriminated union.
    var hasLiteralField: Bool { fields.contains(where: \.hasLiteral) }
}
