// A member of a discriminated union that tags itself with another field than the discriminator.
import Peregrine

@Model
struct Cat {
    @Field(literal: "cat") var pet_type: String
    var meows: Int
}

@Model
struct Dog {
    @Field(literal: "dog") var kind: String
    var barks: Double
}

@Union(discriminator: "pet_type")
enum Pet {
    case cat(Cat)
    case dog(Dog)
}
// expect-error: type 'Dog.LiteralFields' has no member 'pet_type'
