//! The page served at `/`: one HTML file, its scripts (modules), its style sheet and its icon,
//! compiled into the binary, with no external resource, under a strict
//! Content-Security-Policy ([`POLICY`]): scripts and styles only from this server,
//! no inline script or style, requests only to this server, no frames, no plug-ins,
//! and Trusted Types, so that no text can reach an HTML sink (`innerHTML`) by mistake.
//!
//! The page (`page/page.js`, with `dom.js` and `query.js`) asks the API ([`super::api`]) for everything it shows and
//! puts whatever comes from the data into the document as text (`textContent`), never
//! as markup; diagrams are parsed as SVG (an XML document, which runs nothing) and
//! adopted into the page.

use super::{Request, Response};

/// The page's Content-Security-Policy.
pub const POLICY: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; \
    connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'; \
    require-trusted-types-for 'script'; trusted-types stancegraph-svg";

/// The page's files: path, media type, content.
const FILES: &[(&str, &str, &str)] = &[
    ("/", "text/html; charset=utf-8", include_str!("page/index.html")),
    ("/page.js", "text/javascript; charset=utf-8", include_str!("page/page.js")),
    ("/dom.js", "text/javascript; charset=utf-8", include_str!("page/dom.js")),
    ("/query.js", "text/javascript; charset=utf-8", include_str!("page/query.js")),
    ("/page.css", "text/css; charset=utf-8", include_str!("page/page.css")),
    ("/favicon.svg", "image/svg+xml", include_str!("page/favicon.svg")),
];

/// The page's file at the request's path, if it is one (405 for a method other than
/// GET or HEAD).
pub fn asset(request: &Request) -> Option<Response> {
    let path = request.path();
    let (_, media_type, text) = FILES.iter().find(|(p, _, _)| *p == path)?;
    if request.method != "GET" && request.method != "HEAD" {
        let refused = Response::error(405, format!("{path} takes GET")).with_header("Allow", "GET, HEAD");
        return Some(secured(refused, POLICY));
    }
    let response = Response::new(200, media_type, *text).with_header("Cache-Control", "no-cache");
    Some(secured(response, POLICY))
}

/// `response` with the security header fields: the Content-Security-Policy `policy`,
/// no framing, no referrer, readable only by pages of this origin.
pub fn secured(response: Response, policy: &str) -> Response {
    let response = if response.header("cache-control").is_none() {
        response.with_header("Cache-Control", "no-store")
    } else {
        response
    };
    response
        .with_header("Content-Security-Policy", policy)
        .with_header("X-Frame-Options", "DENY")
        .with_header("Referrer-Policy", "no-referrer")
        .with_header("Cross-Origin-Resource-Policy", "same-origin")
        .with_header("Cross-Origin-Opener-Policy", "same-origin")
}
