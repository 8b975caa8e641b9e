"""JSON API: search now; the HSDS 3.0 API joins it later."""
