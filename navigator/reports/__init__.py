"""The city's numbers, from the work already recorded: connection to care, follow-up,
crisis outcomes, equity, unmet needs and the directory's health.

Each section is a module with ``tables(filters) -> list[Table]``, computed in SQL that
runs on SQLite and PostgreSQL alike; ``tables`` holds the ``Table`` every section
returns and the small-number rule every page and export applies; ``period`` reads the
date range and filters. Reports are aggregate: no resident's name, id or words appear
on any page.
"""
