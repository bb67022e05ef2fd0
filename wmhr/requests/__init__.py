"""Interpretation requests: requesters (keyed hash), the store, CSV import, the threshold."""
