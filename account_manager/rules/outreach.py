"""One offer or promotion to many clients (OF5): who is skipped and why, who is still to be sent to, and
what a campaign's counts are. Pure functions: the campaign job (account_manager.outreach) feeds them the
facts it read from ERPNext and Frappe."""

from dataclasses import dataclass

# why a client does not get the campaign, in the order they are checked
NO_EMAIL = "No E-mail Contact"
UNSUBSCRIBED = "Unsubscribed"
IN_DEBT = "Debt Beyond Tolerance"
SKIP_REASONS = (NO_EMAIL, UNSUBSCRIBED, IN_DEBT)

PENDING, SENT, SKIPPED, FAILED = "Pending", "Sent", "Skipped", "Failed"
# a recipient whose e-mail went out is never sent to again; a skipped one is decided for this campaign
DONE = frozenset({SENT, SKIPPED})

OFFER, PROMOTION = "Offer", "Promotion"


@dataclass(frozen=True)
class Recipient:
	"""What the job knows of one client when it decides."""

	email: str | None
	unsubscribed: bool = False
	overdue_beyond_tolerance: bool = False


def skip_reason(recipient: Recipient) -> str | None:
	"""Why the client is not sent the campaign, or None when it is. A client without an e-mail contact
	cannot be reached; one who unsubscribed (Frappe's Email Unsubscribe) asked not to be; a client with
	debt overdue beyond the tolerance in its terms is to be called about the debt, not sent offers."""
	if not (recipient.email or "").strip():
		return NO_EMAIL
	if recipient.unsubscribed:
		return UNSUBSCRIBED
	if recipient.overdue_beyond_tolerance:
		return IN_DEBT
	return None


def still_to_send(statuses: list[str]) -> list[int]:
	"""The positions of the recipients a run (first or resumed) still works on: pending and failed ones.
	Those sent or skipped are never touched again, so a campaign is never sent twice to a client."""
	return [i for i, status in enumerate(statuses) if status not in DONE]


def campaign_status(statuses: list[str]) -> str:
	"""Draft (nobody decided yet), Sent (everyone sent or skipped) or Partly Sent (some pending or
	failed: run it again to resume)."""
	if not statuses or all(status == PENDING for status in statuses):
		return "Draft"
	return "Sent" if all(status in DONE for status in statuses) else "Partly Sent"


def counts(statuses: list[str]) -> dict[str, int]:
	return {status: statuses.count(status) for status in (PENDING, SENT, SKIPPED, FAILED)}


def duplicates(keys: list[str]) -> list[str]:
	"""The keys (client cards) named more than once, in the order first repeated."""
	seen, repeated = set(), []
	for key in keys:
		if key in seen and key not in repeated:
			repeated.append(key)
		seen.add(key)
	return repeated
