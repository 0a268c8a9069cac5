import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0021_correspondence_fee_unpaid"),
    ]

    operations = [
        migrations.CreateModel(
            name="FacetCountsGeneration",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("number", models.PositiveBigIntegerField(default=0)),
            ],
        ),
        migrations.CreateModel(
            name="FacetCounts",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("language", models.CharField(max_length=15)),
                ("day", models.DateField()),
                ("generation", models.PositiveBigIntegerField()),
                ("data", models.JSONField()),
                (
                    "index_page",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="archive.photoarchiveindexpage",
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("index_page", "language", "day"), name="archive_facetcounts_key"
                    )
                ],
            },
        ),
    ]
