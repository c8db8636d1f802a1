"""Write the README's pictures: the first screen of a report and of a teaching page, as small PNGs in docs/img/.

Usage (from the repository root, after `narratives report ... --out R` and `narratives teach ... --out T`)::

    python scripts/readme_screenshots.py --report R/index.html --teaching T/<a>__vs__<b>.html

Needs Debian's Chromium (/usr/bin/chromium) and Playwright for Python (the ``test`` extra); no browser
is downloaded. Each page is shot 1280 CSS pixels wide (the report 900 high, the teaching page 1500, to show
the articles' first lines) and scaled to 880 pixels wide with 64 colours.
"""

from __future__ import annotations

import argparse
import io
from pathlib import Path

from PIL import Image
from playwright.sync_api import sync_playwright

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
WIDTH = 880


def shoot(browser, page_path: Path, out: Path, height: int = 900) -> None:
    """The top ``height`` CSS pixels of a page, scaled and quantised, written to ``out``."""
    page = browser.new_page(viewport={"width": 1280, "height": height})
    page.goto(page_path.resolve().as_uri(), wait_until="load")
    image = Image.open(io.BytesIO(page.screenshot()))
    page.close()
    image = image.resize((WIDTH, round(image.height * WIDTH / image.width)), Image.LANCZOS)
    image.convert("RGB").quantize(colors=64, method=Image.Quantize.MEDIANCUT).save(out, optimize=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--report", type=Path, required=True, help="a report's index.html")
    parser.add_argument("--teaching", type=Path, required=True, help="a teaching page (a side-by-side page shows most)")
    args = parser.parse_args()
    folder = REPO / "docs" / "img"
    folder.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"])
        shoot(browser, args.report, folder / "report.png")
        shoot(browser, args.teaching, folder / "teaching.png", height=1500)  # down to the articles' first lines
        browser.close()
    for name in ("report.png", "teaching.png"):
        print(folder / name, (folder / name).stat().st_size, "bytes")


if __name__ == "__main__":
    main()
