# The notification service: inbox messages and their deliveries (docs/notify.md).

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('procedures', '0001_initial'),
        ('registry', '0002_change_timestamps'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Message',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('topic', models.CharField(choices=[('dossier.receipt', 'Dossier received'), ('dossier.supplement', 'Documents missing'), ('dossier.refusal', 'Refusal'), ('dossier.apology', 'Apology and new date'), ('dossier.decided', 'Decided'), ('dossier.returned', 'Result returned'), ('contributions.unpaid', 'Contributions not paid by the employer'), ('card.expiring', 'HI card about to expire'), ('benefit.paid', 'Benefit paid'), ('payment.received', 'Payment received'), ('account', 'Account'), ('other', 'Other')], max_length=40)),
                ('text', models.CharField(max_length=1000)),
                ('url', models.CharField(blank=True, help_text='Link shown with the message (a portal page).', max_length=300)),
                ('dedupe_key', models.CharField(blank=True, help_text='Producers that run again (monthly notices) skip a key already sent.', max_length=80)),
                ('created_at', models.DateTimeField()),
                ('read_at', models.DateTimeField(blank=True, null=True)),
                ('dossier', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='notifications', to='procedures.dossier')),
                ('employer', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='registry.employer')),
                ('person', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='registry.person')),
                ('user', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['-created_at', '-id'],
            },
        ),
        migrations.CreateModel(
            name='Delivery',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('channel', models.CharField(max_length=8)),
                ('address', models.CharField(max_length=254)),
                ('subject', models.CharField(blank=True, max_length=200)),
                ('status', models.CharField(choices=[('pending', 'Pending'), ('sent', 'Sent'), ('failed', 'Failed')], default='pending', max_length=8)),
                ('attempts', models.PositiveSmallIntegerField(default=0)),
                ('created_at', models.DateTimeField()),
                ('sent_at', models.DateTimeField(blank=True, null=True)),
                ('error', models.CharField(blank=True, max_length=300)),
                ('message', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='deliveries', to='notify.message')),
            ],
        ),
        migrations.AddIndex(
            model_name='message',
            index=models.Index(fields=['person', 'created_at'], name='notify_person_idx'),
        ),
        migrations.AddIndex(
            model_name='message',
            index=models.Index(fields=['employer', 'created_at'], name='notify_employer_idx'),
        ),
        migrations.AddIndex(
            model_name='message',
            index=models.Index(fields=['user', 'created_at'], name='notify_user_idx'),
        ),
        migrations.AddConstraint(
            model_name='message',
            constraint=models.UniqueConstraint(condition=models.Q(('dedupe_key', ''), _negated=True), fields=('dedupe_key',), name='notify_dedupe_key_uniq'),
        ),
        migrations.AddConstraint(
            model_name='message',
            constraint=models.CheckConstraint(condition=models.Q(('person__isnull', False), ('employer__isnull', False), ('user__isnull', False), _connector='OR'), name='notify_has_recipient'),
        ),
        migrations.AddIndex(
            model_name='delivery',
            index=models.Index(fields=['status', 'created_at'], name='notify_delivery_status_idx'),
        ),
    ]
