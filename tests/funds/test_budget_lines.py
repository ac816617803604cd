"""A budget line may not fall below what is awarded or decided on it, nor be removed while anything is."""

import pytest

from innozone.core.errors import ValidationFailed
from innozone.core.models import User
from innozone.funds.models import Award, BudgetLine
from innozone.funds.services import programmes


def _data(programme, lines):
    return {
        "name": programme.name,
        "kind": programme.kind,
        "year": programme.year,
        "description": programme.description,
        "cap_per_applicant": programme.cap_per_applicant,
        "max_ratio": programme.max_ratio,
        "matching_share": programme.matching_share,
        "first_tranche_min": programme.first_tranche_min,
        "lines": lines,
    }


def _row(line, amount):
    return {
        "subject_code": line.subject_code,
        "subject_name": line.subject_name,
        "source": line.source,
        "region": line.region.code if line.region else "",
        "amount": str(amount),
    }


def test_a_line_cannot_fall_below_its_awards_or_be_removed(busy_funds):
    office = User.objects.get(username="office")
    award = Award.objects.select_related("budget_line__programme", "budget_line__region").first()
    line, programme = award.budget_line, award.budget_line.programme
    others = [x for x in programme.budget_lines.select_related("region") if x.pk != line.pk]
    with pytest.raises(ValidationFailed) as below:
        programmes.programme_update(
            actor=office, programme=programme, **_data(programme, [_row(line, 1), *[_row(x, x.amount) for x in others]])
        )
    assert "已安排" in str(below.value.detail)
    with pytest.raises(ValidationFailed):
        programmes.programme_update(
            actor=office, programme=programme, **_data(programme, [_row(x, x.amount) for x in others])
        )
    raised = line.amount + 1
    programmes.programme_update(
        actor=office,
        programme=programme,
        **_data(programme, [_row(line, raised), *[_row(x, x.amount) for x in others]]),
    )
    assert BudgetLine.objects.get(pk=line.pk).amount == raised
