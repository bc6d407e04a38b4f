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


NOTHING_SENT, PARTLY_SENT = "Nothing Sent", "Partly Sent"


def campaign_status(statuses: list[str]) -> str:
	"""What happened, as a reader of the list needs it: Draft (nobody decided yet), Sent (every client was
	sent it), Nothing Sent (clients were decided, none was sent it: all skipped or failed) or Partly Sent
	(some were sent it, others skipped, failed or still pending). Whether a run may resume is the
	recipients' business (still_to_send), not the status's."""
	if not statuses or all(status == PENDING for status in statuses):
		return "Draft"
	sent = statuses.count(SENT)
	if sent == len(statuses):
		return SENT
	return PARTLY_SENT if sent else NOTHING_SENT


@dataclass(frozen=True)
class Preview:
	"""What a run would do now: the clients it would send to and those it would skip, with why."""

	send: tuple[str, ...]
	skip: tuple[tuple[str, str], ...]  # (client, reason)

	def reasons(self) -> dict[str, int]:
		"""{reason: clients skipped for it}, in the order the reasons are checked."""
		tally = {reason: 0 for reason in SKIP_REASONS}
		for _client, reason in self.skip:
			tally[reason] = tally.get(reason, 0) + 1
		return {reason: n for reason, n in tally.items() if n}


def preview(decisions: list[tuple[str, str | None]]) -> Preview:
	"""decisions: (client, skip reason or None) of the clients still to send to."""
	return Preview(
		send=tuple(client for client, reason in decisions if not reason),
		skip=tuple((client, reason) for client, reason in decisions if reason),
	)


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
