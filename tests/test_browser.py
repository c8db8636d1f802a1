"""Browser check: the teaching pages and the report in headless Chromium.

Fails on any console error, page error or network request other than
``file:`` and ``data:``; keeps a screenshot under ``reports/screenshots/``
(ignored by git). Needs Debian's ``chromium`` at /usr/bin/chromium (``.ci/run``
installs it) and Playwright for Python (the ``test`` extra); never downloads a
browser. Skips with the reason when either is missing.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from narratives.cli import main
from narratives.corpus import load
from narratives.report.html import side_colours
from narratives.report.teaching import annotate, teaching_view
from narratives.sides import load_profile

REPO = Path(__file__).resolve().parents[1]
SEED = REPO.parent / "shared" / "seed"
CORPUS = REPO / "corpora" / "karabakh-2020"
SCREENSHOTS = REPO / "reports" / "screenshots"
CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

playwright = pytest.importorskip("playwright.sync_api", reason="needs Playwright for Python: pip install -e '.[test]'")
if not CHROMIUM.exists():
    pytest.skip(f"needs Chromium at {CHROMIUM} (apt-get install -y chromium; .ci/run installs it)", allow_module_level=True)


@pytest.fixture(scope="module")
def browser():
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield browser
        browser.close()


class Visit:
    """One page opened in the browser, with the console errors and requests it caused."""

    def __init__(self, browser, path: Path, screenshot: Path | None = None) -> None:
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.page = browser.new_page(viewport={"width": 1280, "height": 1400})
        self.page.on("console", lambda message: self.errors.append(message.text) if message.type == "error" else None)
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.goto(path.resolve().as_uri(), wait_until="load")
        if screenshot is not None:
            screenshot.parent.mkdir(parents=True, exist_ok=True)
            self.page.screenshot(path=str(screenshot))

    def check_offline_and_clean(self) -> None:
        remote = [url for url in self.requests if not url.startswith(("file:", "data:"))]
        assert not remote, f"network requests: {remote}"
        assert not self.errors, f"console errors: {self.errors}"


def _article():
    """The seed article (when ../shared is there) or a bundled article, with its screenshot name."""
    files = sorted(SEED.glob("*.txt")) if SEED.is_dir() else []
    if files:
        return next(iter(load(files[0]))), "teaching-seed.png"
    return next(d for d in load(CORPUS) if d.id.startswith("caspian-ledger_2020-09-27")), "teaching-sample.png"


def test_teaching_view_in_chromium(browser, tmp_path):
    profile = load_profile("armenia-azerbaijan")
    document, shot = _article()
    doc = annotate(document, profile)
    path = tmp_path / "teaching.html"
    path.write_text(teaching_view(doc), encoding="utf-8")
    visit = Visit(browser, path, SCREENSHOTS / shot)
    visit.check_offline_and_clean()
    page = visit.page
    assert page.eval_on_selector(".nv-text", "e => e.textContent") == document.text
    # Side colours from the profile, as the browser computes them.
    colours = side_colours(profile)
    drawn = 0
    for side in profile.side_ids:
        element = page.query_selector(f".nv-text .nv-src.nv-side-{side}:not(.nv-resolved)")
        if element is not None:
            hex_colour = colours[side].lstrip("#")
            rgb = f"rgb({int(hex_colour[0:2], 16)}, {int(hex_colour[2:4], 16)}, {int(hex_colour[4:6], 16)})"
            assert element.evaluate("e => getComputedStyle(e).borderBottomColor") == rgb
            drawn += 1
    assert drawn >= 1
    cue = page.query_selector(".nv-text .nv-cue")
    assert cue.get_attribute("title")
    assert cue.evaluate("e => getComputedStyle(e).backgroundColor") != "rgba(0, 0, 0, 0)"
    assert page.is_visible(".nv-legend")
    # The legend's check box switches the reporting verbs' highlight off (pure CSS, no script).
    page.click('.nv-legend input[data-layer="cue"]')
    assert cue.evaluate("e => getComputedStyle(e).backgroundColor") == "rgba(0, 0, 0, 0)"


def test_teach_index_and_side_by_side_in_chromium(browser, tmp_path):
    out = tmp_path / "teach"
    assert main(["teach", str(CORPUS), "--profile", "armenia-azerbaijan", "--event", "moscow-truce", "--out", str(out), "-q"]) == 0
    pair = next(out.glob("*__vs__*.html"))
    pages = (
        (out / "index.html", None),
        (pair, SCREENSHOTS / "teaching-side-by-side.png"),
        (next(out.glob("*.worksheet.html")), None),
        (out / "answers" / "index.html", None),
        (next((out / "answers").glob("*.answers.html")), None),
    )
    for path, shot in pages:
        Visit(browser, path, shot).check_offline_and_clean()


def test_report_index_in_chromium(browser, tmp_path):
    out = tmp_path / "report"
    low = ["--bootstrap", "50", "--permutations", "50", "--classifier-permutations", "5", "--classifier-bootstrap", "5"]  # the page, not the figures
    assert main(["report", str(CORPUS), "--profile", "armenia-azerbaijan", "--out", str(out), *low, "-q"]) == 0
    Visit(browser, out / "index.html", SCREENSHOTS / "report-index.png").check_offline_and_clean()
