"""The office edits the configurable lists (honours, the committee, platform kinds and conditions) in the admin."""

from django.urls import reverse


def test_the_office_edits_the_configurable_lists_in_the_admin(innovation, client):
    from innozone.core.models import User

    client.force_login(User.objects.get(username="office"))
    for name in ["talent_honour", "talent_committee", "platforms_kind", "platforms_condition"]:
        r = client.get(reverse(f"admin:{name}_changelist"))
        assert r.status_code == 200, name
    from innozone.talent.models import Committee

    c = Committee.objects.first()
    assert client.get(reverse("admin:talent_committee_change", args=[c.pk])).status_code == 200
