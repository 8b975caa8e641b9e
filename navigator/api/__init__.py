"""JSON API: the HSDS 3.0 API, /api/search, and the OpenAPI document of both."""
