import Peregrine

// `porting_app.py`, "computed fields".

@Model
struct Rectangle {
    @Field(gt: 0) var width: Double
    @Field(gt: 0) var height: Double

    @Computed var area: Double { width * height }
}

@Routes
struct ComputedFields {
    @POST("/rectangles/")
    func rectangle(shape: Rectangle) -> Rectangle { shape }
}
