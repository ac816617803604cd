"""The counterparty's consent to a technology contract (issue 11): new states 待对方确认 / 对方不予确认 /
已撤回 and who confirmed when. Registered and refused contracts stay as they are (the office reviewed them);
a contract still waiting for registration that a party submitted never had the other party's consent, so
it now waits for it (the other party gets it on its contracts page)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def _await_consent(apps, schema_editor):
    TechContract = apps.get_model("market", "TechContract")
    for c in TechContract.objects.filter(status="submitted").select_related("submitted_by"):
        user = c.submitted_by
        if user.is_superuser or user.role == "office_admin":
            continue  # entered by the office from signed paper
        if user.organization_id in (c.seller_id, c.buyer_id):
            c.counterparty_id = c.buyer_id if user.organization_id == c.seller_id else c.seller_id
            c.status = "awaiting"
            c.save(update_fields=["status", "counterparty"])


def _back_to_submitted(apps, schema_editor):
    TechContract = apps.get_model("market", "TechContract")
    TechContract.objects.filter(status__in=["awaiting", "declined"]).update(status="submitted")
    TechContract.objects.filter(status="withdrawn").update(status="rejected")


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0003_accounts_and_token_scope'),
        ('market', '0004_listing_updated_at_index'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='techcontract',
            name='confirmed_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='确认时间'),
        ),
        migrations.AddField(
            model_name='techcontract',
            name='confirmed_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='techcontract',
            name='counterparty',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.organization', verbose_name='待确认方'),
        ),
        migrations.AddField(
            model_name='techcontract',
            name='decline_reason',
            field=models.CharField(blank=True, max_length=300, verbose_name='不予确认理由'),
        ),
        migrations.AlterField(
            model_name='techcontract',
            name='status',
            field=models.CharField(choices=[('awaiting', '待对方确认'), ('declined', '对方不予确认'), ('withdrawn', '已撤回'), ('submitted', '待登记'), ('registered', '已登记'), ('rejected', '不予登记')], default='submitted', max_length=12, verbose_name='状态'),
        ),
        migrations.RunPython(_await_consent, _back_to_submitted),
        migrations.AddConstraint(
            model_name='techcontract',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('status__in', ['awaiting', 'declined']), _negated=True), ('counterparty__isnull', False), _connector='OR'), name='contract_consent_names_counterparty'),
        ),
    ]
