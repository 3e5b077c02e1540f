"""Analyst accounts: hashes only, sign-in throttled per name and client, secrets file private."""
import hashlib
import os
import re
import stat
import statistics
import subprocess
import sys
import time

import pytest

from ntm import auth
from ntm.throttle import Rule, Throttle

FAST = 1000  # iterations for hashes made in tests


@pytest.fixture(autouse=True)
def _store(tmp_path, monkeypatch):
    """Throttle counts go to a store under tmp_path."""
    monkeypatch.setenv("NTM_DATA_DIR", str(tmp_path / "store"))


class Clock:
    """A clock the test moves by hand."""
    def __init__(self, now: float = 1_000_000.0):
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def lan(monkeypatch):
    """One analyst, lan / matkhau123."""
    monkeypatch.setenv("NTM_ANALYSTS", f"lan:{auth.hash_password('matkhau123', FAST)}")


@pytest.fixture
def pbkdf2_calls(monkeypatch):
    """Counts PBKDF2 computations made by sign-in."""
    calls = []
    real = hashlib.pbkdf2_hmac

    def counted(*args, **kwargs):
        calls.append(args[3] if len(args) > 3 else kwargs.get("iterations"))
        return real(*args, **kwargs)
    monkeypatch.setattr(auth.hashlib, "pbkdf2_hmac", counted)
    return calls


def test_hash_and_verify():
    h = auth.hash_password("mật khẩu dài", iterations=FAST)
    assert h.startswith("pbkdf2_sha256$1000$") and "mật khẩu" not in h
    assert auth.verify("mật khẩu dài", h) and not auth.verify("sai", h)
    assert not auth.verify("x", "garbage")


def test_add_analyst_writes_a_hash(tmp_path):
    f = tmp_path / "secrets.toml"
    f.write_text('other = "kept"\n', encoding="utf-8")
    auth.add_analyst("lan", "matkhau123", f)
    auth.add_analyst("minh", "matkhau456", f)
    auth.add_analyst("lan", "matkhau789", f)  # replaces lan
    text = f.read_text(encoding="utf-8")
    assert "matkhau" not in text and 'other = "kept"' in text and text.count("lan =") == 1
    assert auth.sign_in("lan", "matkhau789", f) and not auth.sign_in("lan", "matkhau123", f)
    assert auth.sign_in("minh", "matkhau456", f) and not auth.sign_in("ai", "matkhau456", f)


@pytest.mark.parametrize("name, password", [("", "matkhau123"), ("a b", "matkhau123"), ("lan", "ngan")])
def test_bad_accounts_are_refused(tmp_path, name, password):
    with pytest.raises(ValueError):
        auth.add_analyst(name, password, tmp_path / "s.toml")


def test_analysts_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("NTM_ANALYSTS", f"hoa:{auth.hash_password('matkhau123', FAST)}")
    assert list(auth.analysts(tmp_path / "none.toml")) == ["hoa"]
    assert auth.sign_in("hoa", "matkhau123", tmp_path / "none.toml")


# -- the secrets file --------------------------------------------------------------------------

@pytest.mark.parametrize("existing", [None, 'other = "kept"\n'])
def test_secrets_file_is_private_from_creation(tmp_path, monkeypatch, existing):
    """0600 without any chmod afterwards, even under a permissive umask; no temporary file left."""
    f = tmp_path / "cfg" / "secrets.toml"
    if existing is not None:
        f.parent.mkdir()
        f.write_text(existing, encoding="utf-8")
        f.chmod(0o644)
    monkeypatch.setattr(os, "chmod", lambda *a, **k: None)
    monkeypatch.setattr(type(f), "chmod", lambda *a, **k: None)
    old = os.umask(0)
    try:
        auth.add_analyst("lan", "matkhau123", f)
    finally:
        os.umask(old)
    assert stat.S_IMODE(f.stat().st_mode) == 0o600
    assert [p.name for p in f.parent.iterdir()] == ["secrets.toml"]
    assert auth.analysts(f).keys() == {"lan"} and (existing is None or "kept" in f.read_text(encoding="utf-8"))


def test_add_analyst_cli_writes_a_private_file(tmp_path):
    f = tmp_path / "secrets.toml"
    env = dict(os.environ, NTM_SECRETS=str(f))
    out = subprocess.run([sys.executable, "-m", "ntm", "add-analyst", "minh", "--password-stdin"],
                         input="matkhau456\n", capture_output=True, text=True, env=env)
    assert out.returncode == 0, out.stderr
    assert stat.S_IMODE(f.stat().st_mode) == 0o600 and "matkhau456" not in f.read_text(encoding="utf-8")


# -- throttling -------------------------------------------------------------------------------

@pytest.mark.parametrize("waits_out_each_lock", [False, True])
def test_twenty_wrong_then_right_is_refused_while_locked(lan, tmp_path, waits_out_each_lock):
    clock = Clock()
    throttle = Throttle(tmp_path / "store", clock=clock)
    for _ in range(20):
        if waits_out_each_lock:
            clock.now += throttle.wait("lan", "ip:203.0.113.5") + 1
        assert not auth.sign_in("lan", "sai-mat-khau", client="ip:203.0.113.5", throttle=throttle)
    right = auth.sign_in("lan", "matkhau123", client="ip:203.0.113.5", throttle=throttle)
    assert not right and right.wait > 0
    # From another address too: the name itself is locked.
    assert not auth.sign_in("lan", "matkhau123", client="ip:198.51.100.7", throttle=throttle)


@pytest.mark.parametrize("failures, locked_for", [(1, 0), (2, 0), (3, 2), (4, 4), (5, 8), (8, 64), (12, 900),
                                                  (20, 900)])
def test_locks_grow_with_failures(lan, tmp_path, failures, locked_for):
    """Two free tries, then 2 s doubling with each failure, at most 15 minutes."""
    clock = Clock()
    throttle = Throttle(tmp_path / "store", clock=clock)
    for _ in range(failures):
        clock.now += throttle.wait("lan") + 1
        assert not auth.sign_in("lan", "sai-mat-khau", throttle=throttle)
    assert throttle.wait("lan") == locked_for


def test_lock_expires_and_success_clears_the_count(lan, tmp_path):
    clock = Clock()
    throttle = Throttle(tmp_path / "store", clock=clock)
    for _ in range(3):
        auth.sign_in("lan", "sai", throttle=throttle)
    locked = auth.sign_in("lan", "matkhau123", throttle=throttle)
    assert not locked and locked.wait == 2
    clock.now += 1
    assert auth.sign_in("lan", "matkhau123", throttle=throttle).wait == 1
    clock.now += 1.5
    assert auth.sign_in("lan", "matkhau123", throttle=throttle)
    # Counting starts again: two wrong passwords do not lock.
    auth.sign_in("lan", "sai", throttle=throttle)
    auth.sign_in("lan", "sai", throttle=throttle)
    assert throttle.wait("lan") == 0 and auth.sign_in("lan", "matkhau123", throttle=throttle)


def test_failures_are_forgotten_after_an_hour(lan, tmp_path):
    clock = Clock()
    throttle = Throttle(tmp_path / "store", clock=clock)
    for _ in range(2):
        auth.sign_in("lan", "sai", throttle=throttle)
    clock.now += 3601
    auth.sign_in("lan", "sai", throttle=throttle)
    assert throttle.wait("lan") == 0


@pytest.mark.parametrize("spelling", ["LAN", " lan ", "Lan"])
def test_one_count_for_every_spelling_of_a_name(lan, tmp_path, spelling):
    throttle = Throttle(tmp_path / "store", clock=Clock())
    for _ in range(3):
        auth.sign_in(spelling, "sai", throttle=throttle)
    assert not auth.sign_in("lan", "matkhau123", throttle=throttle)


def test_one_client_trying_many_names_is_locked(lan, tmp_path, pbkdf2_calls):
    clock = Clock()
    throttle = Throttle(tmp_path / "store", clock=clock)
    for i in range(10):
        assert not auth.sign_in(f"ten{i}", "sai", client="ip:203.0.113.5", throttle=throttle)
    assert len(pbkdf2_calls) == 10
    refused = auth.sign_in("lan", "matkhau123", client="ip:203.0.113.5", throttle=throttle)
    assert not refused and refused.wait == 2 and len(pbkdf2_calls) == 10  # no password work
    # Another client is not held back; nor is this one once its lock is over.
    assert auth.sign_in("lan", "matkhau123", client="ip:198.51.100.7", throttle=throttle)
    clock.now += 3
    assert auth.sign_in("lan", "matkhau123", client="ip:203.0.113.5", throttle=throttle)


def test_a_success_takes_its_attempt_back_from_the_client(lan, tmp_path):
    throttle = Throttle(tmp_path / "store", clock=Clock())
    for i in range(9):
        auth.sign_in(f"ten{i}", "sai", client="ip:203.0.113.5", throttle=throttle)
    for _ in range(3):  # the 10th attempt would lock the client, but it succeeds
        assert auth.sign_in("lan", "matkhau123", client="ip:203.0.113.5", throttle=throttle)


@pytest.mark.parametrize("name", ["lan", "khong-co-ai"])
def test_while_locked_no_password_work_is_done(lan, tmp_path, pbkdf2_calls, name):
    """Known and unknown names alike: the lock is checked first and costs no PBKDF2."""
    throttle = Throttle(tmp_path / "store", clock=Clock())
    for _ in range(3):
        auth.sign_in(name, "sai", throttle=throttle)
    assert len(pbkdf2_calls) == 3
    for password in ("sai", "matkhau123"):
        result = auth.sign_in(name, password, throttle=throttle)
        assert not result and result.wait == 2
    assert len(pbkdf2_calls) == 3


@pytest.mark.parametrize("name", ["lan", "khong-co-ai"])
def test_unknown_names_cost_the_same_work(lan, pbkdf2_calls, name):
    auth.sign_in(name, "sai")
    assert sum(pbkdf2_calls) == FAST


def test_a_weaker_hash_is_padded_to_the_strongest(monkeypatch, pbkdf2_calls):
    monkeypatch.setenv("NTM_ANALYSTS", f"lan:{auth.hash_password('matkhau123', 500)};"
                                       f"minh:{auth.hash_password('matkhau456', 2000)}")
    pbkdf2_calls.clear()
    for name in ("lan", "minh", "ai"):
        auth.sign_in(name, "sai")
    assert [sum(pbkdf2_calls[:2]), pbkdf2_calls[2], pbkdf2_calls[3]] == [2000, 2000, 2000]


def test_unknown_and_known_names_take_about_the_same_time(monkeypatch, tmp_path):
    """A generous bound, as the issue asks: within 2× of each other (before: 0,1 ms against 440 ms)."""
    monkeypatch.setenv("NTM_ANALYSTS", f"lan:{auth.hash_password('matkhau123', 100_000)}")
    roomy = Rule(free=1000, base=1, longest=1, forget=3600)
    throttle = Throttle(tmp_path / "store", name_rule=roomy, client_rule=roomy)
    times = {"lan": [], "khong-co-ai": []}
    for _ in range(5):
        for name in times:
            start = time.perf_counter()
            assert not auth.sign_in(name, "sai", throttle=throttle)
            times[name].append(time.perf_counter() - start)
    known, unknown = statistics.median(times["lan"]), statistics.median(times["khong-co-ai"])
    assert 0.5 < unknown / known < 2, (known, unknown)


# Locks long enough that a test on a busy machine never sees one run out.
LONG = "Rule(free=3, base=600, longest=600, forget=3600)"
PRELUDE = "from ntm import auth; from ntm.throttle import Rule, Throttle; import sys\n"


def test_counts_survive_a_restart_and_are_shared_between_processes(lan, tmp_path):
    root = tmp_path / "store"
    code = PRELUDE + (f"t = Throttle(sys.argv[1], name_rule={LONG})\n"
                      "print(sum(bool(auth.sign_in('lan', 'sai', client='ip:203.0.113.5', throttle=t)) for _ in range(3)))")
    out = subprocess.run([sys.executable, "-c", code, str(root)], capture_output=True, text=True)
    assert out.returncode == 0 and out.stdout.strip() == "0", out.stderr
    fresh = Throttle(root)  # a new process's view
    assert 0 < fresh.wait("lan") <= 600
    assert not auth.sign_in("lan", "matkhau123", throttle=fresh)
    assert stat.S_IMODE(fresh.path.stat().st_mode) == 0o600
    assert stat.S_IMODE(fresh.path.parent.stat().st_mode) & 0o077 == 0
    assert b"lan" not in fresh.path.read_bytes() and b"203.0.113.5" not in fresh.path.read_bytes()


def test_concurrent_attempts_cannot_slip_past_the_count(lan, tmp_path):
    """Attempts sent at once from four processes: at most the free tries check a password."""
    code = PRELUDE + (f"t = Throttle(sys.argv[1], name_rule={LONG})\n"
                      "print(sum(auth.sign_in('lan', 'sai', throttle=t).wait == 0 for _ in range(5)))")
    procs = [subprocess.Popen([sys.executable, "-c", code, str(tmp_path / "store")], stdout=subprocess.PIPE,
                              text=True) for _ in range(4)]
    checked = sum(int(p.communicate()[0]) for p in procs)
    assert checked == 3


def test_a_damaged_counts_file_is_set_aside(lan, tmp_path):
    throttle = Throttle(tmp_path / "store")
    throttle.path.parent.mkdir(parents=True)
    throttle.path.write_bytes(b"not a database" * 100)
    assert auth.sign_in("lan", "matkhau123", throttle=throttle)
    assert len(list(throttle.path.parent.glob("throttle.sqlite3.damaged-*"))) == 1


@pytest.mark.parametrize("ip, headers, expected", [
    ("8.8.4.4", {}, "ip:8.8.4.4"),
    ("8.8.4.4", {"X-Forwarded-For": "1.2.3.4"}, "ip:8.8.4.4"),   # a public peer is not a proxy
    (None, {"X-Forwarded-For": "1.2.3.4, 198.51.100.7"}, "ip:198.51.100.7"),  # proxy on this machine
    ("10.0.0.2", {"x-forwarded-for": "198.51.100.7"}, "ip:198.51.100.7"),   # proxy on the private network
    ("10.0.0.2", {}, "ip:10.0.0.2"),
    (None, {"X-Forwarded-For": "không phải địa chỉ"}, "session:"),
    (None, {}, "session:"),
])
def test_client_key(ip, headers, expected):
    session = {}
    key = auth.client_key(ip, headers, session)
    assert key.startswith(expected) if expected == "session:" else key == expected
    if expected == "session:":
        assert len(key) > len("session:") + 16 and auth.client_key(ip, headers, session) == key


@pytest.mark.parametrize("lang, message", [("vi", r"Tạm khóa đăng nhập, thử lại sau (600|5\d\d) giây"),
                                           ("en", r"try again in (600|5\d\d) seconds")])
def test_the_data_page_says_how_long_sign_in_is_locked(fixture_store, monkeypatch, pbkdf2_calls, lang, message):
    from test_app import run
    monkeypatch.setenv("NTM_ANALYSTS", f"lan:{auth.hash_password('matkhau123', FAST)}")
    locker = Throttle(fixture_store.root, name_rule=Rule(free=3, base=600, longest=600, forget=3600))
    for _ in range(3):
        auth.sign_in("lan", "sai", throttle=locker)
    pbkdf2_calls.clear()
    at = run({"lang": lang}, "pages/data.py")
    at.text_input(key="signin_name").input("lan")
    at.text_input(key="signin_password").input("matkhau123")
    at.button[0].click().run()
    assert re.search(message, " ".join(e.value for e in at.error)) and "analyst" not in at.session_state
    assert pbkdf2_calls == []
