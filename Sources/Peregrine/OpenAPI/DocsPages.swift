import Foundation

/// Where the documentation pages load Swagger UI and ReDoc from: FastAPI's CDN URLs by default,
/// or copies the app serves itself (FastAPI's "self-hosting" recipe), for instance from a
/// ``StaticFiles`` mount:
///
/// ```swift
/// app.mount("/static", StaticFiles(directory: "static"), name: "static")
/// let app = App(docs: DocsOptions(assets: .selfHosted(at: "/static")))
/// ```
public struct DocsAssets: Sendable, Hashable {
    public var swaggerJS: String
    public var swaggerCSS: String
    public var swaggerFavicon: String
    public var redocJS: String
    public var redocFavicon: String
    /// Whether ReDoc's page loads Google Fonts.
    public var googleFonts: Bool

    public init(
        swaggerJS: String, swaggerCSS: String, swaggerFavicon: String, redocJS: String, redocFavicon: String,
        googleFonts: Bool
    ) {
        self.swaggerJS = swaggerJS
        self.swaggerCSS = swaggerCSS
        self.swaggerFavicon = swaggerFavicon
        self.redocJS = redocJS
        self.redocFavicon = redocFavicon
        self.googleFonts = googleFonts
    }

    /// FastAPI's defaults: Swagger UI 5 and ReDoc 2 from jsDelivr.
    public static let cdn = DocsAssets(
        swaggerJS: "https://cdn.jsdelivr.net/npm/swagger-ui-dist@5/swagger-ui-bundle.js",
        swaggerCSS: "https://cdn.jsdelivr.net/npm/swagger-ui-dist@5/swagger-ui.css",
        swaggerFavicon: "https://fastapi.tiangolo.com/img/favicon.png",
        redocJS: "https://cdn.jsdelivr.net/npm/redoc@2/bundles/redoc.standalone.js",
        redocFavicon: "https://fastapi.tiangolo.com/img/favicon.png",
        googleFonts: true)

    /// Copies served under `prefix`: `swagger-ui-bundle.js`, `swagger-ui.css`,
    /// `redoc.standalone.js` and `favicon.png`, as FastAPI's self-hosting guide lays them out;
    /// no Google Fonts.
    public static func selfHosted(at prefix: String) -> DocsAssets {
        let base = prefix.hasSuffix("/") ? String(prefix.dropLast()) : prefix
        return DocsAssets(
            swaggerJS: base + "/swagger-ui-bundle.js", swaggerCSS: base + "/swagger-ui.css",
            swaggerFavicon: base + "/favicon.png", redocJS: base + "/redoc.standalone.js",
            redocFavicon: base + "/favicon.png", googleFonts: false)
    }
}

/// The interactive documentation: FastAPI's `docs_url`, `redoc_url`,
/// `swagger_ui_oauth2_redirect_url`, `swagger_ui_parameters` and `swagger_ui_init_oauth`. Nil
/// URLs turn a page off; without an OpenAPI document there are no pages.
public struct DocsOptions: Sendable {
    public var docsURL: String?
    public var redocURL: String?
    public var oauth2RedirectURL: String?
    /// Swagger UI configuration, over FastAPI's defaults (`dom_id`, `layout`, `deepLinking`,
    /// `showExtensions`, `showCommonExtensions`): `["syntaxHighlight": false]`.
    public var swaggerUIParameters: JSONObject
    /// Swagger UI's OAuth2 initialization (`ui.initOAuth(...)`), if any.
    public var initOAuth: JSONObject?
    public var assets: DocsAssets

    public init(
        docsURL: String? = "/docs", redocURL: String? = "/redoc", oauth2RedirectURL: String? = "/docs/oauth2-redirect",
        swaggerUIParameters: JSONObject = [:], initOAuth: JSONObject? = nil, assets: DocsAssets = .cdn
    ) {
        self.docsURL = docsURL
        self.redocURL = redocURL
        self.oauth2RedirectURL = oauth2RedirectURL
        self.swaggerUIParameters = swaggerUIParameters
        self.initOAuth = initOAuth
        self.assets = assets
    }
}

/// The HTML of the documentation pages, as FastAPI's `get_swagger_ui_html`, `get_redoc_html` and
/// `get_swagger_ui_oauth2_redirect_html` write it.
enum DocsPages {
    static let defaultSwaggerParameters: JSONObject = [
        "dom_id": "#swagger-ui", "layout": "BaseLayout", "deepLinking": true, "showExtensions": true,
        "showCommonExtensions": true,
    ]

    /// JSON safe inside a `<script>` element.
    static func scriptJSON(_ value: some JSONWritable) -> String {
        var writer = JSONWriter()
        writer.pythonSeparators = true  // `json.dumps`, as FastAPI writes the page
        value.writeJSON(to: &writer)
        return writer.string.replacingOccurrences(of: "<", with: "\\u003c").replacingOccurrences(of: ">", with: "\\u003e")
            .replacingOccurrences(of: "&", with: "\\u0026")
    }

    /// FastAPI's `get_swagger_ui_html`, byte for byte (its template's four-space indentation
    /// included), with the title and URLs HTML-escaped.
    static func swaggerUI(openapiURL: String, title: String, options: DocsOptions) -> String {
        var parameters = defaultSwaggerParameters
        for (key, value) in options.swaggerUIParameters { parameters[key] = value }
        let assets = options.assets
        var html = indented([
            "", "<!DOCTYPE html>", "<html>", "<head>",
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1.0\">",
            "<link type=\"text/css\" rel=\"stylesheet\" href=\"\(HTMLEscaping.escape(assets.swaggerCSS))\">",
            "<link rel=\"shortcut icon\" href=\"\(HTMLEscaping.escape(assets.swaggerFavicon))\">",
            "<title>\(HTMLEscaping.escape(title))</title>", "</head>", "<body>", "<div id=\"swagger-ui\">", "</div>",
            "<script src=\"\(HTMLEscaping.escape(assets.swaggerJS))\"></script>",
            "<!-- `SwaggerUIBundle` is now available on the page -->", "<script>", "const ui = SwaggerUIBundle({",
            "    url: '\(HTMLEscaping.escape(openapiURL))',", "",
        ])
        for (key, value) in parameters {
            html += "\(scriptJSON(key)): \(scriptJSON(value)),\n"
        }
        if let redirect = options.oauth2RedirectURL {
            html += "oauth2RedirectUrl: window.location.origin + '\(HTMLEscaping.escape(redirect))',"
        }
        html += indented([
            "", "presets: [", "    SwaggerUIBundle.presets.apis,", "    SwaggerUIBundle.SwaggerUIStandalonePreset", "    ],", "})",
        ])
        if let initOAuth = options.initOAuth {
            html += "\n        ui.initOAuth(\(scriptJSON(JSONValue.object(initOAuth))))\n        "
        }
        html += indented(["", "</script>", "</body>", "</html>", ""])
        return html
    }

    /// FastAPI's `get_redoc_html`, byte for byte.
    static func redoc(openapiURL: String, title: String, assets: DocsAssets) -> String {
        var html = indented([
            "", "<!DOCTYPE html>", "<html>", "<head>", "<title>\(HTMLEscaping.escape(title))</title>",
            "<!-- needed for adaptive design -->", "<meta charset=\"utf-8\"/>",
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">", "",
        ])
        if assets.googleFonts {
            html += indented([
                "", "<link href=\"https://fonts.googleapis.com/css?family=Montserrat:300,400,700|Roboto:300,400,700\" rel=\"stylesheet\">",
                "",
            ])
        }
        html += indented([
            "", "<link rel=\"shortcut icon\" href=\"\(HTMLEscaping.escape(assets.redocFavicon))\">", "<!--",
            "ReDoc doesn't change outer page styles", "-->", "<style>", "  body {", "    margin: 0;", "    padding: 0;", "  }",
            "</style>", "</head>", "<body>", "<noscript>",
            "    ReDoc requires Javascript to function. Please enable it to browse the documentation.", "</noscript>",
            "<redoc spec-url=\"\(HTMLEscaping.escape(openapiURL))\"></redoc>",
            "<script src=\"\(HTMLEscaping.escape(assets.redocJS))\"> </script>", "</body>", "</html>", "",
        ])
        return html
    }

    /// Lines as FastAPI's templates write them: each after a line break and four spaces (the
    /// first line is what follows the template's opening quotes).
    private static func indented(_ lines: [String]) -> String {
        lines.enumerated().map { index, line in index == 0 ? line : "\n    " + line }.joined()
    }

    /// Swagger UI's OAuth2 redirect page, which hands the authorization result back to the page
    /// that opened it.
    static let oauth2Redirect = """
        <!doctype html>
        <html lang="en-US">
        <head>
            <title>Swagger UI: OAuth2 Redirect</title>
        </head>
        <body>
        <script>
            'use strict';
            function run () {
                var oauth2 = window.opener.swaggerUIRedirectOauth2;
                var sentState = oauth2.state;
                var redirectUrl = oauth2.redirectUrl;
                var isValid, qp, arr;

                if (/code|token|error/.test(window.location.hash)) {
                    qp = window.location.hash.substring(1).replace('?', '&');
                } else {
                    qp = location.search.substring(1);
                }

                arr = qp.split("&");
                arr.forEach(function (v,i,_arr) { _arr[i] = '"' + v.replace('=', '":"') + '"';});
                qp = qp ? JSON.parse('{' + arr.join() + '}',
                        function (key, value) {
                            return key === "" ? value : decodeURIComponent(value);
                        }
                ) : {};

                isValid = qp.state === sentState;

                if ((
                  oauth2.auth.schema.get("flow") === "accessCode" ||
                  oauth2.auth.schema.get("flow") === "authorizationCode" ||
                  oauth2.auth.schema.get("flow") === "authorization_code"
                ) && !oauth2.auth.code) {
                    if (!isValid) {
                        oauth2.errCb({
                            authId: oauth2.auth.name,
                            source: "auth",
                            level: "warning",
                            message: "Authorization may be unsafe, passed state was changed in server. The passed state wasn't returned from auth server."
                        });
                    }

                    if (qp.code) {
                        delete oauth2.state;
                        oauth2.auth.code = qp.code;
                        oauth2.callback({auth: oauth2.auth, redirectUrl: redirectUrl});
                    } else {
                        let oauthErrorMsg;
                        if (qp.error) {
                            oauthErrorMsg = "["+qp.error+"]: " +
                                (qp.error_description ? qp.error_description+ ". " : "no accessCode received from the server. ") +
                                (qp.error_uri ? "More info: "+qp.error_uri : "");
                        }

                        oauth2.errCb({
                            authId: oauth2.auth.name,
                            source: "auth",
                            level: "error",
                            message: oauthErrorMsg || "[Authorization failed]: no accessCode received from the server."
                        });
                    }
                } else {
                    oauth2.callback({auth: oauth2.auth, token: qp, isValid: isValid, redirectUrl: redirectUrl});
                }
                window.close();
            }

            if (document.readyState !== 'loading') {
                run();
            } else {
                document.addEventListener('DOMContentLoaded', function () {
                    run();
                });
            }
        </script>
        </body>
        </html>

        """
}
