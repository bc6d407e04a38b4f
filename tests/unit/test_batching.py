"""How a scheduler job's work is cut into batches (account_manager.rules.batching)."""

import pytest

from account_manager.rules.batching import chunks


def test_every_key_lands_in_exactly_one_batch_in_order():
	keys = [f"CUST-{i:05d}" for i in range(10_001)]
	parts = chunks(keys, 200)
	assert [len(p) for p in parts] == [200] * 50 + [1]
	assert [k for p in parts for k in p] == keys


def test_no_keys_no_batches_and_a_small_job_is_one_batch():
	assert chunks([], 200) == []
	assert chunks(["a", "b"], 200) == [["a", "b"]]


def test_a_batch_holds_at_least_one_item():
	with pytest.raises(ValueError):
		chunks(["a"], 0)
