import SwiftDiagnostics
import SwiftSyntax
import SwiftSyntaxBuilder
import SwiftSyntaxMacros

extension ModelDeclaration {
    // MARK: Code

    /// The namespace of the constants that hold the fields' constraints when they are hoisted.
    static let constraintsNamespace = "_PeregrineConstraints"

    /// The expression validation passes as a field's constraints.
    func constraintsArgument(_ field: Field) -> String {
        guard let constraints = field.constraints else { return ".none" }
        return hoistsConstraints ? "\(Self.constraintsNamespace).\(field.name)" : constraints
    }

    func extensionSource(typeName: String, conforms: Bool) -> String {
        let conformance = conforms ? ": ModelContent" : ""
        let bindings = fields.map { "let \($0.name)" } + (forbidsExtra ? ["extraValid"] : [])
        let construction = Self.initializerCall(fields.map { ($0.name, $0.name) } + [("fieldsSet", "fieldsSet")])
        let initializerParameters = (fields.map { "\($0.name): \($0.type)" } + ["fieldsSet: FieldsSet"]).joined(separator: ", ")
        let assignments = (fields.map { "self.\($0.name) = \($0.name)" } + ["self.\(ModelMacro.fieldsSetProperty) = FieldsSetStorage(fieldsSet)"])
            .joined(separator: "\n")
        let updates = Self.initializerCall(
            fields.enumerated().map { index, field in
                (field.name, "update.fieldsSet.contains(\(index)) ? update.\(field.name) : self.\(field.name)")
            } + [("fieldsSet", "fieldsSet.union(update.fieldsSet)")])
        let writes =
            fields.enumerated().map { index, field in
                "members.field(\(field.key.literal), \(field.name.literal), \(index), self.\(field.name))"
            } + computed.map { "members.computed(\($0.key.literal), self.\($0.name))" }
        let keys = "[" + fields.map(\.key.literal).joined(separator: ", ") + "]"

        // Built once: a pattern compiles a regular expression, decimal bounds become exact decimals.
        let constrained = fields.filter { $0.constraints != nil }
        let constants =
            hoistsConstraints && !constrained.isEmpty
            ? "\nprivate enum \(Self.constraintsNamespace) {\n"
                + constrained.map { "nonisolated static let \($0.name) = \($0.constraints!)\n" }.joined() + "}\n" : ""

        // Type-level records of the declaration, checked by the compiler where the model is used:
        // a parameter model's field types, and the literal fields a discriminated union can name.
        let fieldTypes = fields.map(\.type).joined(separator: ", ")
        let literalFields = fields.filter(\.hasLiteral).map { "\(access)enum `\($0.key)` {}\n" }.joined()

        return """
            extension \(typeName)\(conformance) {
                \(access)typealias FieldTypes = ModelFieldTypes<\(fieldTypes)>

                /// The fields declared `@Field(literal:)`, by key: what a discriminated union's
                /// `discriminator` must name.
                \(access)enum LiteralFields {
                \(literalFields)}

                private init(_validatedFields \(initializerParameters)) {
                    \(assignments)
                }

                \(access)static var fieldKeys: [String] { \(keys) }

                \(access)var fieldsSet: FieldsSet {
                    get { \(ModelMacro.fieldsSetProperty).fields }
                    set { \(ModelMacro.fieldsSetProperty).fields = newValue }
                }

                \(access)func updated(with update: Self) -> Self {
                    \(updates)
                }

                \(access)static func validate(_ input: JSONValue, in context: inout ValidationContext) -> \(typeName)? {
                    \(validationBody(construction: construction, bindings: bindings))
                }

                \(access)init(from decoder: any Decoder) throws {
                    self = try ModelCoding.decode(Self.self, from: decoder)
                }

                \(access)func encode(to encoder: any Encoder) throws {
                    try ModelCoding.encode(self, to: encoder)
                }

                \(access)func writeJSON(to writer: inout JSONWriter) {
                    writer.writeModel(fieldsSet: \(ModelMacro.fieldsSetProperty).fields) { members in
                        \(writes.isEmpty ? "_ = members" : writes.joined(separator: "\n"))
                    }
                }

                \(access)static var typeSchema: TypeSchema {
                    \(schemaExpression)
                }
            \(constants)}
            """
    }

    /// A call of the generated initializer: its first argument is labelled `_validatedFields`.
    static func initializerCall(_ arguments: [(label: String, value: String)]) -> String {
        "Self(" + arguments.enumerated().map { index, argument in
            (index == 0 ? "_validatedFields" : argument.label) + ": " + argument.value
        }.joined(separator: ", ") + ")"
    }

    func validationBody(construction: String, bindings: [String]) -> String {
        var lines: [String] = []
        let beforeModel = modelValidators.filter(\.before)
        let afterModel = modelValidators.filter { !$0.before }
        let inputName = beforeModel.isEmpty ? "input" : "checkedInput"
        if !beforeModel.isEmpty {
            lines.append("var checkedInput = input")
            for validator in beforeModel {
                lines.append(
                    "guard let transformed = ModelField.checkBefore(checkedInput, with: Self.\(validator.name), context: &context) else { return nil }"
                )
                lines.append("checkedInput = transformed")
            }
        }
        lines.append(
            """
            guard case .object(let object) = \(inputName) else {
                context.fail("model_attributes_type", "Input should be a valid dictionary or object to extract fields from", input: \(inputName))
                return nil
            }
            """)
        lines.append(fields.isEmpty ? "let fieldsSet = FieldsSet.none" : "var fieldsSet = FieldsSet.none")
        for (index, field) in fields.enumerated() {
            var raw = "object[\(field.key.literal)]"
            var beforeFailed: [String] = []
            for (number, validator) in field.beforeValidators.enumerated() {
                let name = "\(field.name)Raw\(number)"
                lines.append(
                    "let \(name) = ModelField.applyBefore(Self.\(validator), to: \(raw), key: \(field.key.literal), context: &context)")
                raw = "\(name).raw"
                beforeFailed.append("\(name).failed")
            }
            let defaultClosure = field.defaultValue.map { "{ \($0) }" } ?? "nil"
            let mutable = field.afterValidators.isEmpty && beforeFailed.isEmpty ? "let" : "var"
            lines.append(
                "\(mutable) \(field.name): \(field.type)? = ModelField.validate(\(raw), key: \(field.key.literal), in: \(inputName), default: \(defaultClosure), constraints: \(constraintsArgument(field)), strict: \(field.strict), index: \(index), fieldsSet: &fieldsSet, context: &context)"
            )
            if !beforeFailed.isEmpty {
                lines.append("if \(beforeFailed.joined(separator: " || ")) { \(field.name) = nil }")
            }
            for validator in field.afterValidators {
                lines.append(
                    "\(field.name) = ModelField.apply(Self.\(validator), to: \(field.name), key: \(field.key.literal), raw: \(raw), in: \(inputName), context: &context)"
                )
            }
        }
        if forbidsExtra {
            let cases = fields.map(\.key.literal).joined(separator: ", ")
            let test = fields.isEmpty ? "{ _ in false }" : "{ switch $0 { case \(cases): true; default: false } }"
            lines.append("let extraValid = ModelField.forbidExtra(object, isField: \(test), context: &context)")
        } else {
            lines.append("_ = object")
        }
        if !bindings.isEmpty {
            lines.append("guard \(bindings.joined(separator: ", ")) else { return nil }")
        }
        if afterModel.isEmpty {
            lines.append("return \(construction)")
        } else {
            lines.append("var model = \(construction)")
            for validator in afterModel {
                let closure =
                    validator.returnsModel
                    ? "{ try $0.\(validator.name)() }" : "{ model in try model.\(validator.name)(); return model }"
                lines.append("guard ModelField.check(&model, with: \(closure), input: \(inputName), context: &context) else { return nil }")
            }
            lines.append("return model")
        }
        return lines.joined(separator: "\n")
    }

    var schemaExpression: String {
        var entries: [String] = fields.map { field in
            var arguments = [
                "key: \(field.key.literal)", "type: (\(field.type)).self",
                "default: \(field.defaultValue.map { "{ \($0) }" } ?? "nil")",
            ]
            if field.constraints != nil { arguments.append("constraints: \(constraintsArgument(field))") }
            if let description = field.description { arguments.append("description: \(description)") }
            if let deprecated = field.deprecated { arguments.append("deprecated: \(deprecated)") }
            if let examples = field.examples { arguments.append("examples: \(examples)") }
            return "ModelFieldSchema(\(arguments.joined(separator: ", ")))"
        }
        entries += computed.map { field in
            var arguments = ["computed: \(field.key.literal)", "type: (\(field.type)).self"]
            if let description = field.description { arguments.append("description: \(description)") }
            return "ModelFieldSchema(\(arguments.joined(separator: ", ")))"
        }
        let list = entries.isEmpty ? "[]" : "[\n" + entries.map { $0 + "," }.joined(separator: "\n") + "\n]"
        var name = schemaName.literal
        if !genericParameters.isEmpty {
            // pydantic names a parametrized model after its arguments: Page[Label] is `Page_Label_`.
            let arguments = genericParameters.map { "TypeSchema.genericArgumentName(of: \($0).self)" }
            name = "ModelSchema.parametrizedName(\(schemaName.literal), [\(arguments.joined(separator: ", "))])"
        }
        return ".model(ModelSchema(name: \(name)\(forbidsExtra ? ", extra: .forbid" : "")) {\n\(list)\n})"
    }
}
