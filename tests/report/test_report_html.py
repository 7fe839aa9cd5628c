"""``scheduler plan`` writes report.html, and the page renders in a real browser, offline.

The demo is planned once (2 s limit) for the module. Headless Chromium (Debian's ``chromium``,
installed by ``.ci/run``) opens a copy of the page with a probe script appended, which lists
every chart's rendered size once the page has loaded; a screenshot of the page itself must
not be blank. Without Chromium the test fails: a report nobody saw render is not tested.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
from matplotlib import image

from scheduler.cli import main

DEMO = Path(__file__).resolve().parents[2] / "instances" / "demo"
CHROMIUM = "/usr/bin/chromium"
PROBE = """<script>
window.addEventListener('load', () => {
  const charts = [...document.querySelectorAll('figure.chart')].map(figure => {
    const svg = figure.querySelector('svg');
    const box = svg ? svg.getBoundingClientRect() : {width: 0, height: 0};
    const shapes = svg ? svg.querySelectorAll('path, rect, line, polyline, use').length : 0;
    return {chart: figure.dataset.chart, width: box.width, height: box.height, shapes: shapes};
  });
  const out = document.createElement('pre');
  out.id = 'probe';
  out.textContent = JSON.stringify(charts);
  document.body.appendChild(out);
});
</script>"""


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("run") / "demo"
    assert main(["plan", str(DEMO), "--out", str(out), "--time-limit", "2", "--quiet"]) == 0
    return out


def _chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    if shutil.which(CHROMIUM) is None:
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (.ci/run does)")
    command = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        f"--user-data-dir={tmp_path / 'profile'}",
        *args,
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=180, check=True)


def test_plan_writes_report_next_to_the_roster(run_dir: Path) -> None:
    page = (run_dir / "report.html").read_text()
    summary = json.loads((run_dir / "summary.json").read_text())
    assert Path(summary["instance_path"]) == DEMO.resolve()
    bound, gap = summary["lower_bound"], summary["gap"]
    assert f"<dt>lower bound</dt><dd>{'-' if bound is None else f'{bound:,.1f}'}</dd>" in page
    assert f"<dd>{'unknown' if gap is None else f'{100 * gap:.1f} %'}</dd>" in page
    assert page.count('<figure class="chart"') == 2 + 7  # two queues, seven days


def test_charts_render_in_headless_chromium(run_dir: Path, tmp_path: Path) -> None:
    probe = tmp_path / "probe.html"
    probe.write_text((run_dir / "report.html").read_text().replace("</body>", PROBE + "</body>"))
    dom = _chromium(tmp_path, "--virtual-time-budget=5000", "--dump-dom", probe.as_uri()).stdout
    found = re.search(r'<pre id="probe">(.*?)</pre>', dom, re.S)
    assert found, "the probe did not run: the page failed to load"
    charts = json.loads(html.unescape(found.group(1)))
    names = [c["chart"] for c in charts]
    assert names == ["coverage-sales", "coverage-service"] + [f"gantt-{d}" for d in range(7)]
    for chart in charts:
        assert chart["width"] > 300 and chart["height"] > 50, chart
        assert chart["shapes"] > 10, chart


def test_screenshot_is_not_blank(run_dir: Path, tmp_path: Path) -> None:
    shot = tmp_path / "report.png"
    page = (run_dir / "report.html").as_uri()
    _chromium(tmp_path, "--window-size=1200,2000", f"--screenshot={shot}", page)
    pixels = image.imread(shot)[:, :, :3]
    not_white = (pixels < 0.95).any(axis=2).mean()
    colours = np.unique((pixels * 255).astype(np.uint8).reshape(-1, 3), axis=0)
    assert not_white > 0.05
    assert len(colours) > 50  # text, shading and bars, not a flat error page
