"""Example app: connect a caller to an agent (tested with catapult.testing)."""
