"""Server defaults: `make run` serves on 127.0.0.1 only, with XSRF protection, a stated upload limit and
no usage statistics; and the running app writes nothing but review decisions."""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from landscape import paths
from landscape.serving import free_port, wait_healthy
from tests.reliability_helpers import LAUNCH_ARGS

CONFIG = paths.ROOT / ".streamlit" / "config.toml"
SKIPPED_DIRS = {".venv", "__pycache__", ".pytest_cache", ".git", ".hypothesis", ".ruff_cache", ".cache"}


@pytest.fixture(scope="session")
def browser_type_launch_args():
    return LAUNCH_ARGS


def test_config_binds_locally_with_xsrf_an_upload_limit_and_no_usage_statistics():
    config = tomllib.loads(CONFIG.read_text(encoding="utf-8"))
    assert config["server"]["address"] == "127.0.0.1"
    assert config["server"]["enableXsrfProtection"] is True
    assert isinstance(config["server"]["maxUploadSize"], int) and 0 < config["server"]["maxUploadSize"] <= 50
    assert config["browser"]["gatherUsageStats"] is False
    assert config["server"]["headless"] is True
    assert config["client"]["showErrorDetails"] in ("none", False)


def test_make_run_does_not_override_the_address():
    recipe = re.search(r"^run:.*\n((?:\t.*\n)+)", (paths.ROOT / "Makefile").read_text(encoding="utf-8"), re.M)
    assert recipe and "streamlit run app.py" in recipe.group(1)
    assert "server.address" not in recipe.group(1) or "127.0.0.1" in recipe.group(1)


def _listening_addresses(port: int) -> set[str]:
    """Local addresses in LISTEN state for a TCP port, from /proc/net/tcp and tcp6."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        if not os.path.exists(table):
            continue
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.split(":")
            if state == "0A" and int(hex_port, 16) == port:
                found.add(address)
    return found


def _snapshot(extra: list[Path]) -> dict[str, tuple[int, int, str]]:
    """Size, mtime and hash of every project file (caches, the venv and the review file excepted)."""
    files = [*extra]
    for folder, dirs, names in os.walk(paths.ROOT):
        dirs[:] = [d for d in dirs if d not in SKIPPED_DIRS]
        files += [Path(folder) / n for n in names if not (Path(folder).name == "data" and "review" in n)]
    out = {}
    for path in files:
        stat = path.stat()
        out[str(path)] = (stat.st_size, stat.st_mtime_ns, hashlib.sha256(path.read_bytes()).hexdigest())
    return out


def _page_paths() -> list[str]:
    app = (paths.ROOT / "app.py").read_text(encoding="utf-8")
    return ["", *re.findall(r'url_path="([\w-]+)"', app)]


@pytest.mark.browser
def test_make_run_listens_on_localhost_only_and_the_app_writes_nothing(project_db, page):
    port = free_port()
    before = _snapshot([project_db])
    # The command `make run` runs, from the project root so .streamlit/config.toml applies.
    process = subprocess.Popen([sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port)],
                               cwd=paths.ROOT, env={**os.environ, "LANDSCAPE_DB": str(project_db)},
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_healthy(f"http://127.0.0.1:{port}", process)
        assert _listening_addresses(port) == {"0100007F"}, "listens on 127.0.0.1 only"
        visited = _page_paths()
        assert len(visited) >= 8
        for path in visited:
            page.goto(f"http://127.0.0.1:{port}/{path}")
            page.locator("h1").first.wait_for(timeout=45_000)
            page.wait_for_load_state("networkidle")
            assert page.locator("[data-testid='stException']").count() == 0, path
        page.goto("about:blank")
    finally:
        process.terminate()
        process.wait(timeout=15)
    after = _snapshot([project_db])
    changed = sorted(p for p in before.keys() | after.keys() if before.get(p) != after.get(p))
    assert changed == [], "the app wrote to these files"


def test_readme_says_how_to_share_it_behind_authentication():
    readme = (paths.ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Sharing it safely", 1)[1].split("\n## ", 1)[0]
    for needed in ("127.0.0.1", "reverse proxy", "basic_auth", "oauth2-proxy", "st.login", "XSRF"):
        assert needed in section, needed
