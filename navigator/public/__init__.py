"""Resident-facing pages."""
