"""Answer engines: SQL over DuckDB, retrieval over passages."""
