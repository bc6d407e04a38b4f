"""ABC segmentation of clients by the gross margin they bring (CB9). Pure functions.

A Pareto split, as wholesalers run it: sorted by gross margin, the clients that together bring the first
A_SHARE of the portfolio's margin are A, those up to B_SHARE are B, the rest C. A client that brings no
margin (or a loss) is C whatever its turnover. Key accounts are the A clients."""

from dataclasses import dataclass

A_SHARE = 0.80
B_SHARE = 0.95


@dataclass(frozen=True)
class Segment:
	client: str
	segment: str  # "A", "B" or "C"
	margin: float
	share: float  # of the portfolio's positive margin, 0-1
	cumulative_share: float  # of the clients ranked up to and including this one


def abc_segments(margins: dict[str, float], a_share: float = A_SHARE, b_share: float = B_SHARE) -> dict:
	"""{client: Segment}. Ranked by margin, highest first (ties by client, for a stable answer); a client
	is A while the share of the clients ranked before it is under a_share, so the client that crosses
	the line is still A (the top client always is, when it brings any margin)."""
	if not 0 < a_share <= b_share <= 1:
		raise ValueError("shares must satisfy 0 < a_share <= b_share <= 1")
	total = sum(m for m in margins.values() if m > 0)
	segments = {}
	before = 0.0
	for client, margin in sorted(margins.items(), key=lambda kv: (-kv[1], kv[0])):
		if margin <= 0 or not total:
			segments[client] = Segment(client, "C", margin, 0.0, before)
			continue
		share = margin / total
		segment = "A" if before < a_share else "B" if before < b_share else "C"
		before += share
		segments[client] = Segment(client, segment, margin, share, min(before, 1.0))
	return segments


def margin_percent(margin: float, turnover: float) -> float | None:
	"""Gross margin as a percentage of net turnover; None without turnover."""
	return round(100.0 * margin / turnover, 1) if turnover else None
