"""Pages for participants, written from sessions.toml: the Meta-Wiki table (`wikitext`), a static
site (`page`, `site`) and an announcement (`announcement`). Pure: every function takes the loaded
schedule and, where the clock matters, `now`; only `site` touches the filesystem."""
