"""Insatser and the EST meeting: this room is ready for them (see apps.py)."""
