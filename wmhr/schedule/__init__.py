"""The schedule: sessions.toml -> frozen dataclasses; its checker, deadlines and timetable."""
