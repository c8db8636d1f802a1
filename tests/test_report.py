"""narratives report: a self-contained, reproducible, escaped report folder."""

from __future__ import annotations

import csv
import hashlib
import html
import json
import os
import re
from html.parser import HTMLParser
from pathlib import Path

import matplotlib.text
import pandas as pd
import pytest

from narratives.cli import main
from narratives.report.build import build_report
from narratives.report.validation import load_validation

REPO = Path(__file__).resolve().parents[1]
FAST = ["--bootstrap", "20", "--permutations", "20", "--classifier-permutations", "3", "--classifier-bootstrap", "3"]

HOSTILE = (
    'Baku said the town was shelled. "We will respond <script>alert(1)</script> now," Aliyev said.\n\n'
    "Yerevan denied it & said the claim was false <img src=x onerror=alert(1)> while a < b.\n\n"
    "-Aliyev said the strikes would stop.\n"
)
FORMULA_TITLE = '=HYPERLINK("http://example.org/x","click")'


def _files(folder: Path) -> dict[str, str]:
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.fixture(scope="module")
def hostile_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    (folder / "a.txt").write_text(HOSTILE, encoding="utf-8")
    (folder / "b.txt").write_text("Pashinyan said the strikes continued. Aliyev claimed the town was taken.\n", encoding="utf-8")
    (folder / "metadata.csv").write_text(
        'file,title,outlet,date,url\na.txt,"<script>alert(2)</script> & <b>bold</b>",Ledger <i>,2020-10-01,'
        "javascript:alert(3)\nb.txt,\"=HYPERLINK(\"\"http://example.org/x\"\",\"\"click\"\")\",Wire,2020-10-02,https://example.org/b\n",
        encoding="utf-8",
    )
    return folder


@pytest.fixture(scope="module")
def hostile_report(hostile_corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("hostile_out") / "report"
    assert main(["report", str(hostile_corpus), "--profile", "armenia-azerbaijan", "--out", str(out), "-q", *FAST]) == 0
    return out


def test_two_runs_write_identical_bytes_for_every_file(tmp_path: Path) -> None:
    cwd = os.getcwd()
    os.chdir(REPO)  # the command line is recorded as given: give the same one twice
    try:
        for name in ("one", "two"):
            (tmp_path / name).mkdir()
            args = ["report", "corpora/karabakh-2020", "--profile", "armenia-azerbaijan", "-q", *FAST]
            assert main([*args, "--out", str(Path(os.path.relpath(tmp_path / name, REPO)) / "r")]) == 0
    finally:
        os.chdir(cwd)
    one, two = _files(tmp_path / "one" / "r"), _files(tmp_path / "two" / "r")
    manifests = [json.loads((tmp_path / name / "r" / "manifest.json").read_text()) for name in ("one", "two")]
    assert set(one) == set(two)
    differing = sorted(name for name in one if one[name] != two[name])
    # the only difference allowed is the --out argument, recorded in the manifest and on the page
    assert differing == ["index.html", "manifest.json"]
    for manifest in manifests:
        manifest["command"] = None
        manifest["outputs"].pop("index.html")
    assert manifests[0] == manifests[1]
    pages = [(tmp_path / name / "r" / "index.html").read_text().replace(f"{name}/r", "OUT") for name in ("one", "two")]
    assert pages[0] == pages[1]
    expected = {"index.html", "manifest.json", "documents.csv", "sentences.csv", "attributions.csv", "tables/summary.txt"}
    assert expected <= set(one)
    for stem in ("rates", "sides", "fightin_words", "classifier", "validation", "timeline"):
        assert {f"figures/{stem}.{ext}" for ext in ("png", "svg", "csv")} <= set(one)


def test_same_arguments_same_bytes_from_python(tmp_path: Path, hostile_corpus: Path) -> None:
    options = {"n_boot": 10, "n_permutations": 10, "classifier_permutations": 2, "classifier_boot": 2, "command": ["x"]}
    build_report(hostile_corpus, "armenia-azerbaijan", tmp_path / "a", **options)
    build_report(hostile_corpus, "armenia-azerbaijan", tmp_path / "b", **options)
    assert _files(tmp_path / "a") == _files(tmp_path / "b")


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_corpus_text_is_escaped(hostile_report: Path) -> None:
    page = (hostile_report / "index.html").read_text(encoding="utf-8")
    parser = _Collector()
    parser.feed(page)
    tags = {tag for tag, _ in parser.tags}
    assert "script" not in tags and "img" in tags and "b" not in tags and "i" not in tags
    assert all(attrs.get("src", "").startswith("figures/") for tag, attrs in parser.tags if tag == "img")
    assert not any(name.startswith("on") for _, attrs in parser.tags for name in attrs)
    assert "<script" not in page.lower() and "onerror=alert" not in page.replace("&", "")
    text = "".join(parser.text)
    assert "<script>alert(2)</script> & <b>bold</b>" in text  # the title, as plain text
    assert "Ledger <i>" in text
    assert "&lt;script&gt;alert(2)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;" in page
    assert 'href="javascript' not in page  # article addresses are shown, never linked


def test_csv_cells_that_look_like_formulas_are_neutralised(hostile_report: Path) -> None:
    cells = []
    for path in sorted(hostile_report.rglob("*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            cells += [(path.name, cell) for row in csv.reader(handle) for cell in row]
    assert ("documents.csv", "'" + FORMULA_TITLE) in cells
    assert ("sentences.csv", "'-Aliyev said the strikes would stop.") in cells
    assert not [(name, cell) for name, cell in cells if cell[:1] in ("=", "+", "@", "\t", "\r") or re.match("-[^0-9.]", cell)]


def test_no_remote_resource(hostile_report: Path) -> None:
    page = (hostile_report / "index.html").read_text(encoding="utf-8")
    parser = _Collector()
    parser.feed(page)
    for tag, attrs in parser.tags:
        for name in ("src", "href"):
            value = attrs.get(name) or ""
            assert not re.match(r"(https?:)?//", value), (tag, attrs)
    assert not {"script", "link", "iframe", "object", "embed"} & {tag for tag, _ in parser.tags}
    assert "@import" not in page and "url(" not in page
    assert not re.search(r"""(src|href)\s*=\s*["']?https?://""", page)


def test_manifest_lists_inputs_profile_and_lexicons(hostile_report: Path, hostile_corpus: Path) -> None:
    manifest = json.loads((hostile_report / "manifest.json").read_text(encoding="utf-8"))
    text = {p.stem: p.read_text(encoding="utf-8") for p in hostile_corpus.glob("*.txt")}
    documents = {row["doc_id"]: row["sha256"] for row in manifest["inputs"]["documents"]}
    assert documents == {doc: hashlib.sha256(body.encode("utf-8")).hexdigest() for doc, body in text.items()}
    assert manifest["inputs"]["files"][f"{hostile_corpus}/metadata.csv"] == hashlib.sha256(
        (hostile_corpus / "metadata.csv").read_bytes()
    ).hexdigest()
    profile = REPO / "narratives" / "data" / "profiles" / "armenia-azerbaijan.toml"
    assert manifest["profile"]["file"] == "narratives/data/profiles/armenia-azerbaijan.toml"
    assert manifest["profile"]["sha256"] == hashlib.sha256(profile.read_bytes()).hexdigest()
    lexicons = sorted((REPO / "narratives" / "data" / "lexicons").glob("*.toml"))
    assert set(manifest["lexicons"]) == {f"narratives/data/lexicons/{p.name}" for p in lexicons}
    assert all(len(h) == 64 for h in manifest["lexicons"].values())
    assert manifest["seed"] == 0 and manifest["parameters"]["n_boot"] == 20
    # types kept: null stays null, integers stay integers
    assert manifest["parameters"]["metadata"] is None and manifest["parameters"]["id_field"] == "id"
    assert isinstance(manifest["parameters"]["max_bytes"], int)
    assert manifest["command"][:3] == ["narratives", "report", str(hostile_corpus)]
    assert "generated" not in manifest
    for name, digest in manifest["outputs"].items():
        assert hashlib.sha256((hostile_report / name).read_bytes()).hexdigest() == digest
    assert {"narratives", "python", "numpy", "matplotlib", "scikit-learn"} <= set(manifest["versions"])


def test_small_corpus_says_it_cannot_support_general_claims(hostile_report: Path) -> None:
    page = (hostile_report / "index.html").read_text(encoding="utf-8")
    assert "too few to support general claims" in page
    assert "the rates are descriptive: a conclusion needs 30 statements per side" in page


@pytest.mark.parametrize(
    ("arguments", "code"),
    [
        (["--profile", "no-such-profile"], "N250"),
        (["--profile", "armenia-azerbaijan", "--skip-bad"], "N123"),
    ],
)
def test_bad_input_exits_2_with_one_line(tmp_path: Path, capsys: pytest.CaptureFixture, arguments: list[str], code: str) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "empty.txt").write_text("", encoding="utf-8")
    assert main(["report", str(corpus), "--out", str(tmp_path / "out"), "-q", *arguments]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1].startswith(f"narratives: error: [{code}]")
    assert "Traceback" not in "\n".join(err)


def test_empty_folder_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    (tmp_path / "corpus").mkdir()
    assert main(["report", str(tmp_path / "corpus"), "--profile", "armenia-azerbaijan", "--out", str(tmp_path / "o")]) == 2
    assert "[N112]" in capsys.readouterr().err


def test_no_sided_statement_still_reports(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("The weather was fine. Officials said the road was open.\n", encoding="utf-8")
    report = build_report(corpus, "armenia-azerbaijan", tmp_path / "out", n_boot=5, n_permutations=5)
    assert report.sides.comparison is None and report.classification is None
    page = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert "nothing to compare" in page


def test_shipped_validation_file_is_complete() -> None:
    checks = {check.id: check for check in load_validation()}
    figures = {(c, s.label): s.value for c, check in checks.items() for s in check.scores}
    assert figures[("attribution-polnear", "Source, exact")] == 0.749
    assert figures[("sentences", "Sentence boundaries")] == 0.9758
    assert figures[("comparison", "False-positive rate at alpha 0.05")] == 0.055
    for check in checks.values():
        assert check.limits
        if check.command:  # every command names a script or subcommand that exists
            first = check.command.split()
            assert (REPO / first[1]).is_file() if first[0] == "python" else first[:2] == ["narratives", "analyze"]


SAMPLE = ["--bootstrap", "400", "--permutations", "400", "--classifier-permutations", "3", "--classifier-bootstrap", "3"]


@pytest.fixture(scope="module")
def sample_report(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    """The report of the bundled corpus (the comparison resampled enough for its p-values), and every figure drawn."""
    from narratives.report import folder

    out = tmp_path_factory.mktemp("sample") / "report"
    figures: dict = {}

    def keep(figure, directory, stem, **options):
        figures[stem] = figure
        return save_figure(figure, directory, stem, **options)

    from narratives.report.figures import save_figure

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(folder, "save_figure", keep)
        assert main(["report", str(REPO / "corpora" / "karabakh-2020"), "--profile", "armenia-azerbaijan", "--out", str(out), "-q", *SAMPLE]) == 0
    return out, figures


def _text(page: str) -> str:
    parser = _Collector()
    parser.feed(page)
    return re.sub(r"\s+", " ", "".join(parser.text))


def test_findings_panel_names_the_mirror_image_of_the_partisan_outlets(sample_report) -> None:
    out, _ = sample_report
    page = (out / "index.html").read_text(encoding="utf-8")
    assert page.index('class="findings"') < page.index('id="corpus"')  # at the top, before the first section
    panel = page[page.index('class="findings"'):page.index('Read this first')]
    items = [html.unescape(item) for item in re.findall(r"<li>(.*?)</li>", panel)]
    mirror = next(item for item in items if item.startswith("Mirror image between outlets, Reporting verb: Distancing"))
    assert "Ararat Courier: 57.1% of Azerbaijan's statements (8 of 14) against 1.9% of the Armenian side's (1 of 54)" in mirror
    assert "Caspian Ledger: 38.1% of the Armenian side's statements (8 of 21) against 0.0% of Azerbaijan's (0 of 35)" in mirror
    assert mirror.count("95% interval") == 2 and mirror.count("adjusted p = ") == 2
    assert re.search(r"Pooled over every outlet, the two cancel out: \d+\.\d% of the Armenian side's statements against \d+\.\d% of Azerbaijan's", mirror)
    assert "Descriptive: a conclusion needs 30 statements per side in 5 articles" in mirror  # 14 and 21 statements
    assert "zero width" in _text(panel)  # 0 of 35
    summary = (out / "tables" / "summary.txt").read_text(encoding="utf-8")
    assert summary.startswith("Findings\n- ") and "Mirror image between outlets, Reporting verb: Distancing" in summary


def test_figures_in_the_words_of_the_tables_unclipped_legends_off_the_data(sample_report) -> None:
    from test_findings import _legend_over_axes, _text_outside

    out, figures = sample_report
    assert {"rates", "differences_by_outlet", "fightin_words", "sides", "classifier", "validation", "timeline"} <= set(figures)
    for stem, figure in figures.items():
        assert not _text_outside(figure), stem
        assert not _legend_over_axes(figure), stem
        texts = [t.get_text() for t in figure.findobj(matplotlib.text.Text)]
        assert not [t for t in texts if re.search(r"stance=|_\w+>0|\barmenia\b|\bazerbaijan\b", t)], (stem, texts)
    rates = pd.read_csv(out / "figures" / "rates.csv")
    assert rates["difference"].is_monotonic_decreasing and len(figures["rates"].axes) == 2  # rates beside the differences
    labels = [t.get_text() for t in figures["rates"].axes[0].get_yticklabels()]
    assert "Reporting verb: Distancing" in labels
    legend = [t.get_text() for legend in figures["rates"].legends for t in legend.get_texts()]
    assert legend == ["Armenian side", "Azerbaijan"]


def test_words_shown_are_content_words_each_with_its_statements(sample_report) -> None:
    out, _ = sample_report
    words = pd.read_csv(out / "figures" / "fightin_words.csv")
    assert not set(words["term"]) & {"the", "of", "that", "and", "to", "in", "a", "was"}
    page = (out / "index.html").read_text(encoding="utf-8")
    section = page[page.index('id="words"'):page.index('id="classifier"')]
    for term in words["term"]:
        summary = section.index(f"<summary>{term} - uses:")
        listing = section[summary:section.index("</details>", summary)]
        assert re.search(rf"“[^”]*\b{re.escape(term)}\b[^”]*”", listing, flags=re.IGNORECASE), term


def test_notes_where_they_apply_and_classifier_odds_agree_with_their_reading(sample_report) -> None:
    out, _ = sample_report
    page = (out / "index.html").read_text(encoding="utf-8")
    framing = html.unescape(page[page.index('id="framing"'):page.index('id="words"')])
    assert "zero width" in framing and "Differences are measured within articles" in framing
    assert "Ararat Courier: 54 statements of the Armenian side and 14 statements of Azerbaijan, in 5 articles." in framing
    classifier = html.unescape(page[page.index('id="classifier"'):page.index('id="method"')])
    rows = re.findall(r'<td class="num">×([\d.]+)</td><td>([^<]*)</td>', classifier)
    assert rows
    for odds, reading in rows:
        assert float(odds) >= 1 and f"more likely: odds ×{odds} " in reading, (odds, reading)


def test_progress_bars_only_on_a_terminal(tmp_path: Path, hostile_corpus: Path, capsys: pytest.CaptureFixture) -> None:
    assert main(["report", str(hostile_corpus), "--profile", "armenia-azerbaijan", "--out", str(tmp_path / "r"), *FAST]) == 0
    err = capsys.readouterr().err
    assert "\r" not in err and "it/s" not in err and "%|" not in err
    assert err.strip().splitlines() == [f"narratives: wrote {len(list((tmp_path / 'r').rglob('*.*')))} files; open {tmp_path / 'r' / 'index.html'} in a browser"]


def test_report_takes_a_model_jobs_and_any_grouping(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    from narratives.attribution.model import DEFAULT_MODEL_DIR

    corpus = str(REPO / "corpora" / "karabakh-2020")
    args = ["report", corpus, "--profile", "armenia-azerbaijan", "-q", *FAST]
    assert main([*args, "--out", str(tmp_path / "event"), "--by", "event", "--model", str(DEFAULT_MODEL_DIR), "--jobs", "1"]) == 0
    page = _text((tmp_path / "event" / "index.html").read_text(encoding="utf-8"))
    assert "Event by event" in page and "moscow-truce" in page
    assert (tmp_path / "event" / "tables" / "rates_by_event.csv").is_file()
    manifest = json.loads((tmp_path / "event" / "manifest.json").read_text())
    assert manifest["parameters"]["by"] == "event" and manifest["parameters"]["model"] == str(DEFAULT_MODEL_DIR)
    assert main([*args, "--out", str(tmp_path / "colour"), "--by", "colour"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("narratives: error: [N131]") and "author" in err[0] and "month" in err[0]


def test_compare_by_a_date_window(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    corpus = str(REPO / "corpora" / "karabakh-2020")
    assert main(["compare", corpus, "--profile", "armenia-azerbaijan", "--by", "month", "--out", str(tmp_path), "-q",
                 "--bootstrap", "20", "--permutations", "20"]) == 0
    assert set(pd.read_csv(tmp_path / "sizes.csv")["month"]) == {"2020-09", "2020-10", "2020-11"}


def test_a_warning_is_shown_once_and_the_command_ends(monkeypatch: pytest.MonkeyPatch) -> None:
    import warnings

    from narratives import cli

    def warns(args):
        warnings.warn("something odd", UserWarning, stacklevel=1)
        return 0

    monkeypatch.setattr(cli, "cmd_profiles", warns)
    with warnings.catch_warnings(record=True) as shown:  # where the command shows it (pytest's own recorder otherwise)
        warnings.simplefilter("always")
        assert cli.main(["profiles"]) == 0  # showing it inside the command's recording context recorded it again, forever
    assert [str(w.message) for w in shown] == ["something odd"]
