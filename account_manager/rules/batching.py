"""How a job's work is cut into batches (pure: no frappe)."""

from collections.abc import Sequence


def chunks(keys: Sequence, size: int) -> list[list]:
	"""The keys in consecutive batches of at most `size`, in their order; none for no keys."""
	if size < 1:
		raise ValueError("a batch holds at least one item")
	return [list(keys[i : i + size]) for i in range(0, len(keys), size)]
