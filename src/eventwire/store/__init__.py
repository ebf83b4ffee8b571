"""Storage: schema, named migrations, and the Store (SQLite by default, PostgreSQL by URL)."""
