"""Analyst accounts: hashes only, sign-in, configuration from secrets.toml or the environment."""
import pytest

from ntm import auth


def test_hash_and_verify():
    h = auth.hash_password("mật khẩu dài", iterations=1000)
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
    monkeypatch.setenv("NTM_ANALYSTS", f"hoa:{auth.hash_password('matkhau123', 1000)}")
    assert list(auth.analysts(tmp_path / "none.toml")) == ["hoa"]
    assert auth.sign_in("hoa", "matkhau123", tmp_path / "none.toml")
