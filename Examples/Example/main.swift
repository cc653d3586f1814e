import ExampleApp
import Peregrine

// Serves the example app on 127.0.0.1:8000, or where --host/--port or HOST/PORT say.
try await makeExampleApp().run()
