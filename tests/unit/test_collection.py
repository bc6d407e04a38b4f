from datetime import date

import pytest

from account_manager.rules.collection import (
	CALL,
	DEFAULT_STEPS,
	DUNNING,
	EMAIL,
	ESCALATION,
	call_outcome_of_step,
	is_settled,
	needs_plan,
	plan_steps,
)


def test_default_template_gives_the_four_dated_steps():
	steps = plan_steps(date(2026, 3, 1), DEFAULT_STEPS)
	assert [(s.action, s.due_date) for s in steps] == [
		(CALL, date(2026, 3, 1)),
		(EMAIL, date(2026, 3, 7)),
		(DUNNING, date(2026, 3, 14)),
		(ESCALATION, date(2026, 3, 30)),
	]


def test_template_order_does_not_matter_and_crosses_months():
	steps = plan_steps(date(2026, 1, 25), [(30, ESCALATION), (3, CALL)])
	assert [(s.day, s.due_date) for s in steps] == [(3, date(2026, 1, 27)), (30, date(2026, 2, 23))]


@pytest.mark.parametrize("template", [[(0, CALL)], [(-5, EMAIL)], [(3, "Send flowers")]])
def test_bad_template_is_refused(template):
	with pytest.raises(ValueError):
		plan_steps(date(2026, 1, 1), template)


def test_plan_needed_only_for_real_overdue_and_settled_at_zero():
	assert needs_plan(0.01) and not needs_plan(0.004) and not needs_plan(0)
	assert is_settled(0) and is_settled(-10) and not is_settled(1)


def test_a_collection_call_takes_its_outcome_from_the_steps():
	assert call_outcome_of_step("Promised to Pay") == "Agreed"
	assert call_outcome_of_step("No Answer") == "No Answer"
	assert call_outcome_of_step("Refused") == "Not Interested"
	assert call_outcome_of_step("Other") == "Reached"
