"""Orders delivered on time (OF7): how late an order is, and a client's record over its orders. Pure
functions: dates in, numbers out."""

from dataclasses import dataclass
from datetime import date


def days_late(delivery_date: date, delivered_on: date | None, today: date) -> int:
	"""Days past the promised delivery date: to the day the order was delivered in full, or (still open)
	to today. 0 when on time."""
	end = delivered_on or today
	return max((end - delivery_date).days, 0)


def is_late_open(delivery_date: date, per_delivered: float, today: date) -> bool:
	"""An order not delivered in full whose delivery date has passed."""
	return per_delivered < 100 and delivery_date < today


@dataclass
class Record:
	orders: int = 0
	on_time: int = 0
	late: int = 0
	open_late: int = 0
	average_days_late: float = 0.0
	on_time_percent: float = 0.0


def record(orders: list[tuple[date, date | None]], today: date) -> Record:
	"""A client's fulfilment over its orders, each (delivery_date, delivered_on or None while open).
	Orders still open and not yet due are counted as orders only; an order is late when it was delivered
	after its date or is open past it; the average is over the late orders."""
	result = Record(orders=len(orders))
	late_days = []
	judged = 0
	for delivery_date, delivered_on in orders:
		if delivered_on is None and delivery_date >= today:
			continue  # not due yet: neither on time nor late
		judged += 1
		late = days_late(delivery_date, delivered_on, today)
		if late:
			result.late += 1
			late_days.append(late)
			if delivered_on is None:
				result.open_late += 1
		else:
			result.on_time += 1
	if late_days:
		result.average_days_late = round(sum(late_days) / len(late_days), 1)
	if judged:
		result.on_time_percent = round(100 * result.on_time / judged, 1)
	return result
