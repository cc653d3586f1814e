import Peregrine

/// The endpoints of `shared/parity/porting_app.py`, the second reference app: what a production
/// FastAPI service uses beyond the tutorial, section by section. Paths and model names differ
/// from the first reference app's, so that one example serves both.
func installPortingSections(on app: App) {
app.include(DataTypes())
    app.include(Unions())
app.include(Validators())
    app.include(PartialUpdates())
    app.include(ComputedFields())
    app.include(ParameterModels())
    app.include(makeShopRouter(), prefix: "/v1")
    app.include(RequestFeatures())
    RequestFeatures.install(on: app)
    app.include(Streaming())
    app.mount("/subapi", makeSubApplication())
    app.include(GenericModels())
}
