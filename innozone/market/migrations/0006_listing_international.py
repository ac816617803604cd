"""Listing.international (国际技术转移, issue 16).

Added with plain ALTER TABLE … ADD COLUMN … DEFAULT, not Django's AddField: on SQLite AddField of a column
with a default rebuilds the table, which drops the triggers that keep the full-text table in step (0002).
The database keeps the default false (harmless: the model's default is the same)."""

from django.db import migrations, models

SQL = {
    "sqlite": [
        "ALTER TABLE market_listing ADD COLUMN international bool NOT NULL DEFAULT 0",
        "CREATE INDEX market_listing_international_idx ON market_listing (international)",
    ],
    "postgresql": [
        "ALTER TABLE market_listing ADD COLUMN international boolean NOT NULL DEFAULT false",
        "CREATE INDEX market_listing_international_idx ON market_listing (international)",
    ],
}
DOWN = ["DROP INDEX IF EXISTS market_listing_international_idx", "ALTER TABLE market_listing DROP COLUMN international"]


def up(apps, schema_editor):
    for sql in SQL.get(schema_editor.connection.vendor, []):
        schema_editor.execute(sql)


def down(apps, schema_editor):
    for sql in DOWN:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("market", "0005_contract_counterparty_consent")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(up, down)],
            state_operations=[
                migrations.AddField(
                    model_name="listing",
                    name="international",
                    field=models.BooleanField(db_index=True, default=False, verbose_name="国际技术转移"),
                )
            ],
        )
    ]
