/// One member of a union declared with `@Union`: how to read it and how it is labelled in
/// error locations (the enum case's name: `int` and `str` for `case int(Int), str(String)`, as
/// pydantic labels `int | str`).
public struct UnionChoice<Union>: Sendable {
    let label: String
    let validate: @Sendable (JSONValue, inout ValidationContext) -> Union?
    let schema: @Sendable () -> TypeSchema

    public init<Member: Validatable>(_ label: String, _ type: Member.Type, wrap: @escaping @Sendable (Member) -> Union) {
        self.label = label
        self.validate = { input, context in Member.validate(input, constraints: .none, in: &context).map(wrap) }
        self.schema = { Member.typeSchema }
    }
}

/// A `@Model` with a field declared `@Field(literal: ...)`, which can be a member of a
/// discriminated union; the `@Model` macro adds the conformance.
public protocol LiteralTagged: ModelContent {}

extension UnionChoice {
    /// A member of a discriminated union: a model with a literal tag field.
    public static func tagged<Member: LiteralTagged>(
        _ label: String, _ type: Member.Type, wrap: @escaping @Sendable (Member) -> Union
    ) -> UnionChoice {
        UnionChoice(label, type, wrap: wrap)
    }

    // Chosen only when the member has no literal field, to say so in the compiler's error.
    @available(
        *, unavailable,
        message: "a member of a discriminated union must be a @Model with its tag field declared @Field(literal: \"...\"), such as '@Field(literal: \"cat\") var pet_type: String'"
    )
    public static func tagged<Member: Validatable>(
        _ label: String, _ type: Member.Type, wrap: @escaping @Sendable (Member) -> Union
    ) -> UnionChoice {
        fatalError()
    }
}

/// A union in pydantic's smart mode: `int | str`. Every member is tried; the first that matches
/// the input's own type exactly wins at once, otherwise the member that matched most exactly (a
/// string `"7"` is a `str`, `7.0` an `int`). When none matches, each member's issues are reported
/// under its label: `["body", "tag", "int"]`, `["body", "tag", "str"]`.
public struct SmartUnion<Union>: Sendable {
    let choices: [UnionChoice<Union>]

    public init(_ choices: [UnionChoice<Union>]) {
        self.choices = choices
    }

    public func validate(_ input: JSONValue, in context: inout ValidationContext) -> Union? {
        var best: (value: Union, exactness: Exactness)?
        var failures: [ValidationIssue] = []
        let outerExactness = context.exactness
        // One scratch context for every member, its last location element the member's label.
        var attempt = ValidationContext(location: context.location)
        attempt.isStrict = context.isStrict
        attempt.validatesOutput = context.validatesOutput
        attempt.enter(.key(""))
        for choice in choices {
            attempt.restart(at: .key(choice.label))
            if let value = choice.validate(input, &attempt) {
                if attempt.exactness == .exact {
                    context.exactness = outerExactness
                    return value
                }
                if best == nil || best!.exactness < attempt.exactness { best = (value, attempt.exactness) }
            } else if best == nil {
                failures.append(contentsOf: attempt.issues)
            }
        }
        if let best {
            context.exactness = min(outerExactness, best.exactness)
            return best.value
        }
        for issue in failures { context.record(issue) }
        return nil
    }

    public var typeSchema: TypeSchema { .union(choices.map { $0.schema() }, discriminator: nil) }
}

/// A union whose members are models told apart by a field: pydantic's discriminated union,
/// `Cat | Dog` with `Field(discriminator="pet_type")`. Each member model declares the field with
/// `@Field(literal: "cat")`; the tag read from the input picks the one member validated, and its
/// issues are located under the tag: `["body", "pet", "cat", "meows"]`.
public struct TaggedUnion<Union>: Sendable {
    let discriminator: String
    let choices: [UnionChoice<Union>]
    /// Tag → index of the choice, and the tags in declaration order.
    private let lookup: [String: Int]
    private let tags: [String]
    private let mapping: [(tag: String, model: String)]

    /// - Precondition: every member is a `@Model` with a `@Field(literal:)` field named
    ///   `discriminator`, and no tag is claimed twice.
    public init(discriminator: String, _ choices: [UnionChoice<Union>], unionName: String) {
        self.discriminator = discriminator
        self.choices = choices
        var lookup: [String: Int] = [:]
        var tags: [String] = []
        var mapping: [(tag: String, model: String)] = []
        for (index, choice) in choices.enumerated() {
            guard case .model(let model) = choice.schema() else {
                preconditionFailure("\(unionName).\(choice.label): a member of a union discriminated by '\(discriminator)' must be a @Model type")
            }
            guard let field = model.fields().first(where: { $0.key == discriminator }), let values = field.constraints.literal,
                !values.isEmpty
            else {
                preconditionFailure(
                    "\(unionName).\(choice.label): \(model.name) needs a field '\(discriminator)' declared with @Field(literal: ...), the tag that selects it"
                )
            }
            for value in values {
                let tag = Self.tagText(value)
                precondition(lookup[tag] == nil, "\(unionName): the tag '\(tag)' selects two members")
                lookup[tag] = index
                tags.append(tag)
                mapping.append((tag, model.name))
            }
        }
        self.lookup = lookup
        self.tags = tags
        self.mapping = mapping
    }

    private static func tagText(_ value: JSONValue) -> String {
        Constraints.pythonString(value)
    }

    public func validate(_ input: JSONValue, in context: inout ValidationContext) -> Union? {
        guard case .object(let object) = input else {
            context.fail("model_attributes_type", "Input should be a valid dictionary or object to extract fields from", input: input)
            return nil
        }
        let quoted = "'\(discriminator)'"
        guard let raw = object[discriminator] else {
            context.fail(
                "union_tag_not_found", "Unable to extract tag using discriminator \(quoted)", input: input,
                context: ["discriminator": .string(quoted)])
            return nil
        }
        let tag = Self.tagText(raw)
        guard let index = lookup[tag] else {
            let expected = tags.map { "'\($0)'" }.joined(separator: ", ")
            context.fail(
                "union_tag_invalid",
                "Input tag '\(tag)' found using \(quoted) does not match any of the expected tags: \(expected)", input: input,
                context: ["discriminator": .string(quoted), "tag": .string(tag), "expected_tags": .string(expected)])
            return nil
        }
        context.enter(.key(tag))
        defer { context.leave() }
        return choices[index].validate(input, &context)
    }

    public var typeSchema: TypeSchema {
        .union(choices.map { $0.schema() }, discriminator: UnionDiscriminator(propertyName: discriminator, mapping: mapping))
    }
}
