"""PostgreSQL: keep the weighted tsvector in a stored generated column (ranking reads it instead of
re-parsing the text of every matching row) and index that column instead of the expression."""

from django.db import migrations

PG_UP = [
    "DROP INDEX IF EXISTS market_listing_fts",
    """ALTER TABLE market_listing ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple', search_title), 'A') || setweight(to_tsvector('simple', search_body), 'B')
    ) STORED""",
    "CREATE INDEX market_listing_fts ON market_listing USING gin (search_vector)",
]
PG_DOWN = [
    "DROP INDEX IF EXISTS market_listing_fts",
    "ALTER TABLE market_listing DROP COLUMN IF EXISTS search_vector",
    """CREATE INDEX market_listing_fts ON market_listing USING gin (
        (setweight(to_tsvector('simple', search_title), 'A') || setweight(to_tsvector('simple', search_body), 'B')))""",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for sql in statements:
                schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("market", "0002_search_and_booking_guards")]
    operations = [migrations.RunPython(_run(PG_UP), _run(PG_DOWN))]
