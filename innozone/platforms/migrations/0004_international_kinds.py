"""The international cooperation platform kinds of issue 16: the four kinds of 国家国际科技合作基地 named by
《国家国际科技合作基地管理办法》(国科发外〔2011〕316号: 国际创新园, 国际联合研究中心, 国际技术转移中心,
示范型国际科技合作基地) and the 国际联合实验室 (joint laboratory with a foreign partner, the usual provincial
kind). Their foreign partners are recorded in `cooperation.BasePartner`.

Idempotent (get_or_create on the code); the reverse is a no-op (platforms may already use the kinds).
"""

from django.db import migrations

SOURCE = "国科发外〔2011〕316号"
KINDS = [
    # code, name
    ("intl_innovation_park", "国际创新园"),
    ("intl_joint_research_center", "国际联合研究中心"),
    ("intl_tech_transfer_center", "国际技术转移中心"),
    ("intl_demo_base", "示范型国际科技合作基地"),
    ("intl_joint_lab", "国际联合实验室"),
]


def seed(apps, schema_editor):
    Kind = apps.get_model("platforms", "Kind")
    for n, (code, name) in enumerate(KINDS, start=1):
        Kind.objects.get_or_create(code=code, defaults={"name": name, "carrier": False, "order": 200 + n * 10})


class Migration(migrations.Migration):
    dependencies = [("platforms", "0003_kinds_and_conditions")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
