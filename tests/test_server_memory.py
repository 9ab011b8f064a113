"""The server's long-lived objects are frozen out of the cycle collector's full passes (see
landscape.ui._long_lived_objects_frozen), checked in a fresh interpreter like a new server process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

from landscape import paths

_SCRIPT = textwrap.dedent("""
    import gc, json, sys
    from streamlit.testing.v1 import AppTest
    before = gc.get_freeze_count()
    at = AppTest.from_file(sys.argv[1], default_timeout=120)
    at.run()
    at.switch_page("views/company.py")
    at.run()
    first = gc.get_freeze_count()
    for company in ("baidu", "bytedance", "openai"):
        at.sidebar.selectbox(key="company:entity").set_value(company).run()
        assert not at.exception, [e.value for e in at.exception]
    print(json.dumps({"before": before, "first": first, "after": gc.get_freeze_count()}))
""")


def test_long_lived_objects_are_frozen_once_reruns_stay_collectable_and_exit_is_clean(project_db):
    done = subprocess.run([sys.executable, "-c", _SCRIPT, str(paths.ROOT / "app.py")],
                          capture_output=True, text=True, timeout=300, cwd=paths.ROOT,
                          env={**os.environ, "LANDSCAPE_DB": str(project_db)})
    assert done.returncode == 0, done.stderr[-2000:]
    counts = json.loads(done.stdout.strip().splitlines()[-1])
    assert counts["before"] == 0
    assert counts["first"] > 10_000, "the libraries' modules, classes and functions are frozen"
    assert counts["after"] == counts["first"], "a rerun freezes nothing: what it leaves behind can be freed"
    assert "leaked" not in done.stderr, "frozen objects are unfrozen at exit and freed: " + done.stderr[-500:]
