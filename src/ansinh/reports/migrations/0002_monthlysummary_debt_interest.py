from django.db import migrations, models


class Migration(migrations.Migration):
    """Late-payment interest owed at the end of the month, apart from the principal (`debt`). Rows built before
    stay at 0 until rebuilt: the statistics version changes with it, so `refresh_statistics` rebuilds every month."""

    dependencies = [
        ('reports', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='monthlysummary',
            name='debt_interest',
            field=models.BigIntegerField(default=0, help_text='Late-payment interest owed at the end of the month (VND).'),
        ),
        migrations.AlterField(
            model_name='monthlysummary',
            name='debt',
            field=models.BigIntegerField(default=0, help_text='Contributions owed at the end of the month (VND), principal.'),
        ),
    ]
