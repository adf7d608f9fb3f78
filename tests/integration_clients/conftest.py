"""The admin who registers clients, and the households tests' small city to reach into."""

from tests.households.conftest import admin, city

__all__ = ["admin", "city"]
