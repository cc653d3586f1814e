// A Peregrine app sees Hummingbird's request, response and HTTP types, and the ordered
// dictionary behind `JSONObject`, without importing their modules itself.
@_exported import HTTPTypes
@_exported import Hummingbird
@_exported import OrderedCollections
