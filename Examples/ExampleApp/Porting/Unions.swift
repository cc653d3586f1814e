import Peregrine

// `porting_app.py`, "literals, integer enums, unions and discriminated unions".

/// A member of a discriminated union: its `pet_type` tag is a literal.
@Model
struct Cat {
    @Field(literal: "cat") var pet_type: String
    @Field(ge: 0) var meows: Int
}

@Model
struct Dog {
    @Field(literal: "dog") var pet_type: String
    var barks: Double
}

/// `Cat | Dog` with `Field(discriminator="pet_type")`.
@Union(discriminator: "pet_type")
enum Pet {
    case cat(Cat)
    case dog(Dog)
}

/// `Literal["s", "m", "l"]`.
enum Size: String, CaseIterable, LiteralSet {
    case s, m, l
}

/// `int | str`, in pydantic's smart mode; the cases are named as pydantic labels the types.
@Union
enum Tag {
    case int(Int)
    case str(String)
}

@Model
struct Owner {
    var name: String
    var pet: Pet
    var size: Size = .m
    var tag: Tag? = nil
}

@Routes
struct Unions {
    @POST("/owners/")
    func createOwner(owner: Owner) -> Owner { owner }

    @GET("/sizes/")
    func sizes(size: Size = .m, @Query(ge: 1, le: 3) level: Int = 1) -> JSONValue {
        ["size": .string(size.rawValue), "level": .int(level)]
    }
}
