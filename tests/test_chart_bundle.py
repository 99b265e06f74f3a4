"""The charts' plotly.js (static/plotly/, committed) is what tools/plotly builds, and it draws every trace type our
figures use."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import plotly

from danvan.present.style import DRAWN
from tests.conftest import ROOT

TOOL = ROOT / "tools" / "plotly"
BUNDLE = ROOT / "static" / "plotly" / "plotly-danvan.min.js"


def test_the_bundle_registers_exactly_the_trace_types_our_figures_draw():
    source = (TOOL / "index.js").read_text()
    registered = set(re.findall(r"require\('plotly\.js/lib/(\w+)'\)", source))
    assert registered == {"core"} | set(DRAWN) - {"scatter"}  # the core draws scatter
    assert "require('plotly.js/lib/locales/vi')" in source  # the toolbar and month names in Vietnamese


def test_the_committed_bundle_is_what_tools_plotly_builds(tmp_path):
    """Rebuilt from the pinned package-lock.json (`make test` runs `npm ci` there first) into a temporary file: the
    bytes must be those committed, so no one edits the file by hand and the build stays reproducible."""
    assert (TOOL / "node_modules" / "plotly.js" / "package.json").is_file(), "run `make test` (npm ci tools/plotly)"
    out = tmp_path / BUNDLE.name
    build = (TOOL / "package.json").read_text()
    script = re.search(r'"build": "([^"]+)"', build).group(1).replace(f"../../static/plotly/{BUNDLE.name}", str(out))
    subprocess.run([str(TOOL / "node_modules" / ".bin" / "esbuild"), *script.split()[1:]], cwd=TOOL, check=True,
                   capture_output=True, timeout=120)
    assert out.read_bytes() == BUNDLE.read_bytes()


def test_the_bundle_is_the_plotly_js_that_plotly_py_writes_its_figures_for():
    """Our figures are made by the Python plotly package; the browser draws them with the same plotly.js version
    that package ships (its own plotly.min.js says which)."""
    shipped = (Path(plotly.__file__).parent / "package_data" / "plotly.min.js").read_text()[:200]
    version = re.search(r"plotly\.js v([\d.]+)", shipped).group(1)
    assert json.loads((TOOL / "package.json").read_text())["devDependencies"]["plotly.js"] == version
