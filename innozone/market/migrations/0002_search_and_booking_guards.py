"""Database-specific parts the ORM cannot express on both engines:

- full-text search over the stored jieba tokens: an FTS5 table kept in step by triggers (SQLite), a GIN
  index over to_tsvector('simple', …) with the title weighted A and the body B (PostgreSQL);
- approved bookings of one instrument never overlap: an exclusion constraint (PostgreSQL, btree_gist);
  SQLite serialises writers and the booking service checks under that lock.
"""

from django.db import migrations

SQLITE_UP = [
    """CREATE VIRTUAL TABLE market_listing_fts USING fts5(
        search_title, search_body, content='market_listing', content_rowid='id', tokenize='unicode61')""",
    """CREATE TRIGGER market_listing_ai AFTER INSERT ON market_listing BEGIN
        INSERT INTO market_listing_fts(rowid, search_title, search_body)
        VALUES (new.id, new.search_title, new.search_body); END""",
    """CREATE TRIGGER market_listing_ad AFTER DELETE ON market_listing BEGIN
        INSERT INTO market_listing_fts(market_listing_fts, rowid, search_title, search_body)
        VALUES ('delete', old.id, old.search_title, old.search_body); END""",
    """CREATE TRIGGER market_listing_au AFTER UPDATE OF search_title, search_body ON market_listing BEGIN
        INSERT INTO market_listing_fts(market_listing_fts, rowid, search_title, search_body)
        VALUES ('delete', old.id, old.search_title, old.search_body);
        INSERT INTO market_listing_fts(rowid, search_title, search_body)
        VALUES (new.id, new.search_title, new.search_body); END""",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS market_listing_au",
    "DROP TRIGGER IF EXISTS market_listing_ad",
    "DROP TRIGGER IF EXISTS market_listing_ai",
    "DROP TABLE IF EXISTS market_listing_fts",
]
PG_UP = [
    "CREATE EXTENSION IF NOT EXISTS btree_gist",
    """CREATE INDEX market_listing_fts ON market_listing USING gin (
        (setweight(to_tsvector('simple', search_title), 'A') || setweight(to_tsvector('simple', search_body), 'B')))""",
    """ALTER TABLE market_booking ADD CONSTRAINT booking_approved_never_overlap
        EXCLUDE USING gist (instrument_id WITH =, tstzrange("start", "end") WITH &&) WHERE (status = 'approved')""",
]
PG_DOWN = [
    "ALTER TABLE market_booking DROP CONSTRAINT IF EXISTS booking_approved_never_overlap",
    "DROP INDEX IF EXISTS market_listing_fts",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("market", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_UP, "postgresql": PG_UP}),
            _run({"sqlite": SQLITE_DOWN, "postgresql": PG_DOWN}),
        )
    ]
