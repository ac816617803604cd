"""The demo's projects: made for the awarded call's awards with tranches in every status, matching funds, a
report accepted and one overdue, an extension request and a mid-term check; the ledger verifies."""

from innozone.funds.models import ChangeRequest, Inspection, Matching, ProgressReport, Project, Tranche
from innozone.ledger.verify import verify


def test_demo_projects(busy_funds):
    projects = Project.objects.filter(award__application__call__stage="awarded")
    if not projects.exists():  # the reviews part's demo made no awards
        return
    assert {"requested", "approved", "paid"} <= set(Tranche.objects.values_list("status", flat=True))
    assert Matching.objects.exists()
    assert ProgressReport.objects.filter(status__in=["accepted", "submitted"]).exists()
    assert ProgressReport.objects.filter(status="due", due_on__lt="2026-12-01").exists()
    assert ChangeRequest.objects.filter(kind="extension", status="pending").exists()
    assert Inspection.objects.filter(kind="midterm").exists()
    assert projects.filter(status="agreement").exists() or projects.count() < 4
    report = verify()
    assert report.ok, report.problems


def test_demo_dossier_carries_the_review_and_decision(busy_funds):
    import io
    import json
    import zipfile

    from innozone.core.models import User
    from innozone.funds.services import dossier

    project = Project.objects.order_by("id").first()
    if project is None:
        return
    data = dossier.dossier_zip(actor=User.objects.get(username="auditor"), project=project)
    content = json.loads(zipfile.ZipFile(io.BytesIO(data)).read("project.json"))
    assert content["application"]["reviews"] and content["application"]["reviews"][0]["scores"]
    assert content["decision"]["outcome"] in ("approve", "adjust")
    assert content["tranches"][0]["approval"][0]["approver"]
