"""Alembic migrations of the local database (run by `hospital-desk db upgrade`)."""
