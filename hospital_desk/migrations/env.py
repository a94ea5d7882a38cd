"""Alembic environment: always called with a live connection by hospital_desk.storage."""

from alembic import context

from hospital_desk.schema import metadata

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=True,  # SQLite alters tables by copying them
)
with context.begin_transaction():
    context.run_migrations()
