"""The load benchmark works: its sessions open the overview and are counted as a browser's would
be, and a session that does not get its page is counted as an error (not a timed test)."""
from ntm.bench import load


def test_ten_sessions_open_the_overview(app_server):
    r = load.run_round_sync(app_server, "", 10, pid=load.pid_listening(int(app_server.rsplit(":", 1)[1])))
    assert [s.error for s in r.sessions] == [None] * 10
    assert len(r.completed) == 10 and not r.errors
    for s in r.sessions:
        assert 0 < s.first_s <= s.finished_s <= r.wall_s
        assert s.messages > 10  # the page's elements, not just new_session and script_finished
    assert r.rss_peak_mb and r.rss_peak_mb > 50 and r.cpu_s and r.cpu_s > 0
    line = load.row(10, r)
    assert line.startswith("|       10 |        10 |      0 |") and "nan" not in line


def test_a_session_without_its_page_is_an_error(app_server):
    wrong = load.run_round_sync(app_server, "no-such-page", 2)
    assert len(wrong.errors) == 2 and not wrong.completed
    assert all("page not found" in s.error for s in wrong.errors)
    closed = load.run_round_sync(app_server, "", 2, close_after=2)
    assert len(closed.errors) == 2 and not closed.completed
    assert all("closed" in s.error for s in closed.errors)
    assert "|        2 |         0 |      2 |" in load.row(2, closed)


def test_percentile_is_nearest_rank():
    assert load.percentile([3.0, 1.0, 2.0, 4.0], 50) == 2.0
    assert load.percentile([float(i) for i in range(1, 21)], 95) == 19.0
    assert load.percentile([], 50) != load.percentile([], 50)  # NaN
