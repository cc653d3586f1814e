extension HTTPFields {
    /// Lays `extra` over these fields, the one way Peregrine merges a response's headers: each
    /// name in `extra` replaces every field of that name here, except `Set-Cookie`, whose fields
    /// add up. So headers a user gives a response override the ones it computes (its
    /// `Content-Type`, a file's `Content-Disposition`), as Starlette's do, and ``ResponseHead``'s
    /// override the returned response's.
    mutating func overlay(_ extra: HTTPFields) {
        var replaced = Set<HTTPField.Name>()
        for field in extra {
            if field.name != .setCookie, replaced.insert(field.name).inserted { self[values: field.name] = [] }
            append(field)
        }
    }
}
