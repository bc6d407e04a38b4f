"""Collection within set time frames (DR2) and receivables ageing: pure functions, no frappe."""

from dataclasses import dataclass
from datetime import date, timedelta

CALL, EMAIL, DUNNING, ESCALATION = "Reminder Call", "E-mail", "Dunning", "Escalation"
ACTIONS = (CALL, EMAIL, DUNNING, ESCALATION)
# day 1 is the day the plan opens (the first day the debt is seen overdue)
DEFAULT_STEPS = ((1, CALL), (7, EMAIL), (14, DUNNING), (30, ESCALATION))
ROUNDING = 0.005


@dataclass(frozen=True)
class PlannedStep:
	day: int
	action: str
	due_date: date


def plan_steps(start: date, template) -> list[PlannedStep]:
	"""The dated steps of a plan opened on `start`: step of day N is due on start + N - 1 days.

	`template` is a sequence of (day, action); days must be positive and actions known."""
	steps = []
	for day, action in template:
		if int(day) < 1:
			raise ValueError(f"collection step day must be 1 or more, not {day}")
		if action not in ACTIONS:
			raise ValueError(f"unknown collection action {action!r}")
		steps.append(PlannedStep(int(day), action, start + timedelta(days=int(day) - 1)))
	return sorted(steps, key=lambda s: (s.day, ACTIONS.index(s.action)))


def is_due(due_date: date, today: date) -> bool:
	return due_date <= today


def is_settled(overdue: float) -> bool:
	"""The plan's purpose is met when nothing is overdue any more (paid or credited)."""
	return overdue <= ROUNDING


def needs_plan(overdue: float) -> bool:
	return overdue > ROUNDING


# a call about a collection step: the call's outcome (Client Call) for the step's outcome the manager logs
CALL_OUTCOME_OF_STEP = {
	"Promised to Pay": "Agreed",
	"Paid": "Agreed",
	"No Answer": "No Answer",
	"Refused": "Not Interested",
}


def call_outcome_of_step(step_outcome: str) -> str:
	"""The Client Call outcome of a collection call whose step ended with `step_outcome` (the client was
	reached unless nobody answered)."""
	return CALL_OUTCOME_OF_STEP.get(step_outcome, "Reached")
