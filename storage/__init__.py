"""The SQL store: SQLAlchemy 2 (async) implementation of the core's ports."""
