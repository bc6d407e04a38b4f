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
	preview,
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
	assert campaign_status([SENT, SENT]) == "Sent"
	# it says what happened: a campaign that reached nobody does not read "Sent" (issue 27)
	assert campaign_status([SKIPPED, SKIPPED, FAILED]) == "Nothing Sent"
	assert campaign_status([SKIPPED, PENDING]) == "Nothing Sent"
	assert campaign_status([SENT, SKIPPED]) == "Partly Sent"
	assert campaign_status([SENT, FAILED]) == "Partly Sent"
	assert campaign_status([SENT, PENDING]) == "Partly Sent"


def test_the_preview_says_whom_it_sends_to_and_whom_it_skips_and_why():
	result = preview([("a", None), ("b", NO_EMAIL), ("c", IN_DEBT), ("d", None), ("e", NO_EMAIL)])
	assert result.send == ("a", "d")
	assert result.skip == (("b", NO_EMAIL), ("c", IN_DEBT), ("e", NO_EMAIL))
	assert list(result.reasons().items()) == [(NO_EMAIL, 2), (IN_DEBT, 1)]
	assert preview([]).reasons() == {}


def test_counts_and_duplicates():
	assert counts([SENT, SENT, SKIPPED]) == {PENDING: 0, SENT: 2, SKIPPED: 1, FAILED: 0}
	assert duplicates(["a", "b", "a", "a", "c", "b"]) == ["a", "b"]
