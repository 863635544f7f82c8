"""mypy (run by `make lint`) checks every app's services and selectors: an app
added without listing them in pyproject.toml would go unchecked."""

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_mypy_checks_every_apps_services_and_selectors():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["mypy"]
    listed = set(config["files"])
    assert "devzone/core" in listed
    wanted = {
        str(path.relative_to(ROOT))
        for name in ("services.py", "selectors.py")
        for path in (ROOT / "devzone").glob(f"*/{name}")
        if path.parent.name != "core"
    }
    assert wanted, "no app found"
    assert wanted <= listed, sorted(wanted - listed)
