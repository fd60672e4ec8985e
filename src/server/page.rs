//! The page served at `/`: one HTML file, its script and its style sheet, compiled
//! into the binary, with no external resource.

use super::{Request, Response};

/// The page's file at the request's path, if it is one.
pub fn asset(request: &Request) -> Option<Response> {
    match request.path() {
        "/" => {
            Some(Response::new(200, "text/html; charset=utf-8", "<!doctype html><title>stancegraph</title>"))
        }
        _ => None,
    }
}
