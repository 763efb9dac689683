"""DuckDB: the schema, named queries and the read-only runner."""
