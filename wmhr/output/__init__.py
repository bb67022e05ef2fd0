"""Output: one row shape -> rich table, plain text, JSON or CSV; and the per-command views."""
