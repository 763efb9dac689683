"""Swappable backends: embedders and the Chroma vector store."""
