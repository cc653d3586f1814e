/// A type that a field of a parameter model (a `@Model` read with `@Query`, `@Header`,
/// `@Cookie` or `@Form`) can have: a scalar (``ParameterValue``), a list of scalars, or an
/// optional of either. A nested model or a dictionary cannot come from text, and the compiler
/// says so where such a model is used as a parameter.
public protocol ParameterModelField {}

extension Optional: ParameterModelField where Wrapped: ParameterModelField {}

extension Array: ParameterModelField where Element: ParameterValue {}

/// The types of a `@Model`'s stored fields, in declaration order, as the macro records them in
/// ``ModelContent/FieldTypes``: what lets a generic constraint check every field at once.
public struct ModelFieldTypes<each Field> {}

/// Field types that all come from text: what a parameter model needs.
public protocol TextFieldTypes {}

extension ModelFieldTypes: TextFieldTypes where repeat each Field: ParameterModelField {}

/// The field types of a model that did not record them (one not made by `@Model`): never
/// text, so such a model is read from the body only.
public enum UnrecordedFieldTypes {}
