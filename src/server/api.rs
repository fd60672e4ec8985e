//! The page's JSON and diagrams (`/api/...`), from [`crate::pipeline`].

use super::{Request, Response, Service};

/// Answers a request under `/api/`.
pub fn handle(_service: &Service, request: &Request) -> Response {
    Response::error(404, format!("nothing at {}", request.path()))
}
