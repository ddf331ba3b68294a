"""Use cases: load models, call domain/ and routes_planner/, audit, commit."""
