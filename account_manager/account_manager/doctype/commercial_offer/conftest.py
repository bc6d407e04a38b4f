"""The fixtures the Commercial Offer tests share (account_manager/tests/offers.py)."""

from account_manager.tests.offers import card, manager

__all__ = ("card", "manager")
