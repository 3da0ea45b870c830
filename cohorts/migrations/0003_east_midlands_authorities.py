from django.db import migrations

# Upper-tier authorities of the East Midlands with children's services responsibilities.
# Northamptonshire was replaced by North and West Northamptonshire in April 2021 (children's
# services delivered through Northamptonshire Children's Trust); it stays for earlier cohorts.
AUTHORITIES = [
    ("E06000015", "Derby", True),
    ("E10000007", "Derbyshire", True),
    ("E06000016", "Leicester", True),
    ("E10000018", "Leicestershire", True),
    ("E10000019", "Lincolnshire", True),
    ("E06000061", "North Northamptonshire", True),
    ("E06000062", "West Northamptonshire", True),
    ("E10000021", "Northamptonshire", False),
    ("E06000018", "Nottingham", True),
    ("E10000024", "Nottinghamshire", True),
    ("E06000017", "Rutland", True),
]


def load(apps, schema_editor):
    LocalAuthority = apps.get_model("cohorts", "LocalAuthority")
    for code, name, active in AUTHORITIES:
        LocalAuthority.objects.update_or_create(
            code=code, defaults={"name": name, "region": "East Midlands", "is_active": active}
        )


def unload(apps, schema_editor):
    apps.get_model("cohorts", "LocalAuthority").objects.filter(
        code__in=[code for code, _, _ in AUTHORITIES]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("cohorts", "0002_initial")]

    operations = [migrations.RunPython(load, unload)]
