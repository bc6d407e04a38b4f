from account_manager.rules.outreach import (
	FAILED,
	IN_DEBT,
	NO_EMAIL,
	PENDING,
	SENT,
	SKIPPED,
	UNSUBSCRIBED,
	Recipient,
	campaign_status,
	counts,
	duplicates,
	skip_reason,
	still_to_send,
)


def test_a_client_with_an_email_not_unsubscribed_and_not_in_debt_is_sent():
	assert skip_reason(Recipient("buyer@client.example")) is None


def test_skip_reasons_in_order():
	assert skip_reason(Recipient(None, unsubscribed=True, overdue_beyond_tolerance=True)) == NO_EMAIL
	assert skip_reason(Recipient("  ")) == NO_EMAIL
	assert skip_reason(Recipient("a@b.example", unsubscribed=True, overdue_beyond_tolerance=True)) == (
		UNSUBSCRIBED
	)
	assert skip_reason(Recipient("a@b.example", overdue_beyond_tolerance=True)) == IN_DEBT


def test_a_resumed_run_takes_only_pending_and_failed():
	assert still_to_send([SENT, SKIPPED, FAILED, PENDING, SENT]) == [2, 3]
	assert still_to_send([SENT, SKIPPED]) == []


def test_campaign_status():
	assert campaign_status([]) == "Draft"
	assert campaign_status([PENDING, PENDING]) == "Draft"
	assert campaign_status([SENT, SKIPPED]) == "Sent"
	assert campaign_status([SENT, FAILED]) == "Partly Sent"
	assert campaign_status([SENT, PENDING]) == "Partly Sent"


def test_counts_and_duplicates():
	assert counts([SENT, SENT, SKIPPED]) == {PENDING: 0, SENT: 2, SKIPPED: 1, FAILED: 0}
	assert duplicates(["a", "b", "a", "a", "c", "b"]) == ["a", "b"]
