"""XML1 as sent moves from the episode's row to its own table (EpisodeXml1): the JSON was two thirds of the
episode row and every check scans the month's episodes. The rows are copied set-based (one INSERT … SELECT)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("healthcare", "0003_line_card_number"),
    ]

    operations = [
        migrations.CreateModel(
            name="EpisodeXml1",
            fields=[
                ("episode", models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True,
                                                 related_name="xml1_row", serialize=False,
                                                 to="healthcare.episode")),
                ("fields", models.JSONField(default=dict)),
            ],
        ),
        migrations.RunSQL(
            "INSERT INTO healthcare_episodexml1 (episode_id, fields) SELECT id, xml1 FROM healthcare_episode",
            reverse_sql="UPDATE healthcare_episode SET xml1 = (SELECT x.fields FROM healthcare_episodexml1 x "
                        "WHERE x.episode_id = healthcare_episode.id)",
        ),
        migrations.RemoveField(
            model_name="episode",
            name="xml1",
        ),
    ]
