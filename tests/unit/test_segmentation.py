import pytest

from account_manager.rules.segmentation import abc_segments, margin_percent


def classes(margins, **shares):
	return {client: s.segment for client, s in abc_segments(margins, **shares).items()}


def test_the_few_that_bring_most_of_the_margin_are_a():
	margins = {"big": 6000, "mid": 2500, "small1": 900, "small2": 400, "tiny": 200}  # total 10,000
	# the client that crosses a line is still inside it: mid (0.60 -> 0.85) is A, small2 (0.94 -> 0.98) B
	assert classes(margins) == {"big": "A", "mid": "A", "small1": "B", "small2": "B", "tiny": "C"}
	segments = abc_segments(margins)
	assert segments["big"].share == 0.6
	assert segments["mid"].cumulative_share == pytest.approx(0.85)
	assert segments["tiny"].cumulative_share == pytest.approx(1.0)


def test_a_loss_or_no_margin_is_c_whatever_the_rank():
	assert classes({"loss": -500, "none": 0, "good": 100}) == {"good": "A", "none": "C", "loss": "C"}


def test_one_client_alone_is_a_and_nobody_without_margin_is_a():
	assert classes({"only": 10}) == {"only": "A"}
	assert classes({"x": 0, "y": -1}) == {"x": "C", "y": "C"}
	assert abc_segments({}) == {}


def test_ties_are_ranked_by_client_for_a_stable_answer():
	assert classes({"b": 50, "a": 50}, a_share=0.5, b_share=0.9) == {"a": "A", "b": "B"}


def test_shares_are_configurable_and_checked():
	margins = {"a": 50, "b": 30, "c": 20}
	assert classes(margins, a_share=0.5, b_share=0.8) == {"a": "A", "b": "B", "c": "C"}
	with pytest.raises(ValueError):
		abc_segments(margins, a_share=0.9, b_share=0.5)


def test_margin_percent():
	assert margin_percent(250, 1000) == 25.0
	assert margin_percent(10, 0) is None
