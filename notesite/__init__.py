"""The project's own MkDocs machinery: executed blocks that fail loudly and precisely."""
