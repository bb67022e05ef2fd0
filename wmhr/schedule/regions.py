"""The Wikimedia Foundation's eight regions, by their exact names, so that sessions.toml can name
the regions a session serves without loading the country table (which only planning needs).
tests/planning/test_planning_countries.py checks that these are the names the bundled table uses."""

from __future__ import annotations

WIKIMEDIA_REGIONS: tuple[str, ...] = (
    "Latin America & Caribbean",
    "Central & Eastern Europe & Central Asia",
    "Sub-Saharan Africa",
    "Middle East & North Africa",
    "South Asia",
    "East, Southeast Asia, & Pacific",
    "Northern & Western Europe",
    "North America",
)
