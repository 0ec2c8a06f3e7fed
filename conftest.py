"""Shared pytest set-up. PostgreSQL tests: DATABASE_URL selects the database; pytest-django makes test_<name>."""
