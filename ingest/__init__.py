"""Parsers and loaders: a published budget file becomes rows in DuckDB and passages in Chroma."""
