// A member of a discriminated union without any literal field to be told apart by.
import Peregrine

@Model
struct Cat {
    @Field(literal: "cat") var pet_type: String
}

@Model
struct Lizard {
    var pet_type: String
}

@Union(discriminator: "pet_type")
enum Pet {
    case cat(Cat)
    case lizard(Lizard)
}
// expect-error: a member of a discriminated union must be a @Model with its tag field declared @Field(literal: "...")
// expect-error: type 'Lizard.LiteralFields' has no member 'pet_type'
