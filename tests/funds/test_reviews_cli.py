"""`python -m innozone funds draw | ranking | pack`."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from innozone.funds.models import Review
from innozone.funds.services import reviews
from tests.funds.test_reviews_world import full_scores, make_call


def _run(*args) -> str:
    out = io.StringIO()
    call_command("funds", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_draw_ranking_and_pack_from_the_command_line(innovation, tmp_path):
    w = make_call(n=2)
    call = w["call"]
    body = json.loads(_run("draw", "--call", str(call.pk), "--seed", "cli-seed"))
    assert body["seed"] == "cli-seed" and body["reviews"] == 10
    with pytest.raises(CommandError):
        _run("draw", "--call", str(call.pk))  # drawn already
    for r in Review.objects.filter(application=w["apps"][0]):
        reviews.review_submit(
            actor=w["office"],
            review=r,
            scores=full_scores(w["criteria"]),
            opinion="代专家录入的评审意见。",
            recommend=True,
        )
    rows = json.loads(_run("ranking", "--call", str(call.pk), "--format", "json"))
    assert (
        rows[0]["application"] == w["apps"][0].pk and rows[0]["trimmed_mean"] == "77.00" and rows[0]["submitted"] == 5
    )
    assert rows[1]["mean"] is None
    table = _run("ranking", "--call", str(call.pk))
    assert table.splitlines()[0].startswith("rank\tnumber")
    pdf, xlsx = tmp_path / "pack.pdf", tmp_path / "pack.xlsx"
    _run("pack", "--call", str(call.pk), "--out", str(pdf))
    _run("pack", "--call", str(call.pk), "--out", str(xlsx))
    assert pdf.read_bytes().startswith(b"%PDF") and xlsx.read_bytes()[:2] == b"PK"
    with pytest.raises(CommandError):
        _run("pack", "--call", str(call.pk), "--out", str(tmp_path / "pack.txt"))
    with pytest.raises(CommandError):
        _run("ranking", "--call", "999999")
