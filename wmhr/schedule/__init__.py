"""The schedule: sessions.toml -> frozen dataclasses, its checker, its deadlines and its timetable."""
