"""Resource models and their managers: bridges, calls and audio values."""
