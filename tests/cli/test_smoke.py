def test_sessions_lists_the_four_regions(run):
    result = run("sessions", "--now", "2022-05-01T00:00Z")
    assert result.exit_code == 0
    for session_id in ("latam", "cee", "africa", "asia"):
        assert session_id in result.stdout
