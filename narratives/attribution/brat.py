"""Read and write attributions in brat standoff format, as PolNeAR stores them.

A PolNeAR ``.ann`` file holds text-bound spans (``T`` lines) and events
(``E`` lines) that tie them into attributions::

    T1<TAB>Source 201 220<TAB>O'Malley's campaign
    T2<TAB>Cue 221 225<TAB>says
    T3<TAB>Content 226 297<TAB>...
    T4<TAB>Attribution 221 225<TAB>says
    E1<TAB>Attribution:T4 Content:T3 Cue:T2 Source:T1

Offsets are character offsets into the document's ``.txt``, end exclusive;
discontinuous spans list their fragments as ``201 220;230 240`` and their
text as the fragments' texts joined by a space.

How the odd cases of PolNeAR are read:

* A record starts on a line beginning with ``T``, ``E``, ``R``, ``A``, ``N``
  or ``#``, digits and a tab. Any other line continues the record before it:
  PolNeAR keeps line breaks inside span text (three train spans), so the
  continuation belongs to that ``T`` line's text (or an annotator note's).
* Events of type ``Attribution`` and ``Attribution-no-source`` become
  :class:`~narratives.attribution.records.Attribution` records whose
  ``attribution_id`` is the event id. The roles decide what a span is, not
  the label of the ``T`` line (a handful of PolNeAR roles point at spans
  labelled otherwise), and the record keeps whatever roles the event has:
  one ``Attribution-no-source`` event in dev does name a source.
* Brat numbers repeated roles, so ``Content2`` (and any ``Source2``,
  ``Cue2``...) adds its fragments to the content (source, cue).
* An event with no ``Cue`` role takes its trigger span as the cue: PolNeAR's
  ``Attribution`` span is the cue span. An event with no ``Content`` role
  yields a record with empty content.
* Events without any role (34 in PolNeAR, all but one duplicating another
  event on the same trigger), events of other types, spans labelled
  ``Discuss``, ``Discard`` or anything else, and ``Source``/``Cue``/
  ``Content`` spans no event uses are left out and counted in
  :attr:`AnnDocument.skipped`. ``R``, ``A``, ``N`` and ``#`` records are
  skipped the same way.

When the document's text is given, every ``T`` line's text is checked
against the text at its offsets. The check ignores differences in
whitespace (line breaks written as spaces, ``\\r\\n`` against ``\\n``), so it
catches offsets that point at the wrong characters, not formatting.

Writing mirrors PolNeAR: per attribution ``Source``, ``Cue``, ``Content`` and
an ``Attribution`` (``Attribution-no-source`` when there is no source) span
over the cue, then the event. Identical spans share one ``T`` line, as a
source shared by two attributions does in PolNeAR. Line breaks inside span
text are written as spaces so every record stays on one line, which brat
and line-based tools read reliably.

Error codes raised here: ``N243`` (malformed record), ``N244`` (span text
does not match the document), ``N245`` (event refers to an unknown id or
role), ``N246`` (no such .ann file), ``N260`` (a folder without .ann files),
``N261`` (an .ann file without its text), ``N262`` (attributions of several
documents for one file), ``N263`` (an attribution past the end of its text).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from narratives.attribution.records import Attribution, Fragments, past_end
from narratives.corpus.files import decode_error
from narratives.errors import DataError, InputError
from narratives.output import id_of_stem

ATTRIBUTION_EVENTS = ("Attribution", "Attribution-no-source")
"""Event types read as attributions; any other event type is skipped."""

_RECORD_START = re.compile(r"[TERAN#]\d+\t")
_OFFSETS = re.compile(r"(\S+) (\d+ \d+(?:;\d+ \d+)*)")
_ARGUMENT = re.compile(r"([^\s:]+):([TE]\d+)")
_ROLE = re.compile(r"(Source|Cue|Content)\d*")
_SKIPPED_RECORDS = {"R": "relation", "A": "attribute", "N": "normalization", "#": "note"}
_CONTINUED = ("T", "#")
_COMPONENTS = ("source", "cue", "content")
_ROLE_ORDER = ("content", "cue", "source")
_LABELS = {"source": "Source", "cue": "Cue", "content": "Content"}


@dataclass(frozen=True)
class _Record:
    """One brat record: its id, the rest of its first line and any continuation."""

    line: int
    id: str
    body: str


@dataclass(frozen=True)
class _TextBound:
    """A ``T`` record (brat's text-bound annotation): label and fragments in file order."""

    label: str
    fragments: Fragments


@dataclass(frozen=True)
class AnnDocument:
    """What one ``.ann`` file holds, as read by :func:`parse_ann_document`.

    Attributes
    ----------
    doc_id
        The document's identifier.
    attributions
        The attribution records, in the order of their events.
    span_labels
        How many ``T`` spans carry each label.
    event_types
        How many ``E`` events have each type.
    skipped
        What was left out, by reason (e.g. ``"span Discuss"``,
        ``"unlinked Source"``, ``"event without roles"``, ``"note"``).
    """

    doc_id: str
    attributions: list[Attribution]
    span_labels: Counter[str] = field(default_factory=Counter)
    event_types: Counter[str] = field(default_factory=Counter)
    skipped: Counter[str] = field(default_factory=Counter)


def _split_records(ann_text: str, path: str | None) -> list[_Record]:
    """Split brat text into records, gluing continuation lines to T and # records."""
    records: list[_Record] = []
    for number, line in enumerate(ann_text.split("\n"), start=1):
        line = line.removesuffix("\r")
        if _RECORD_START.match(line):
            records.append(_Record(number, *line.split("\t", 1)))
        elif records and records[-1].id[0] in _CONTINUED:
            last = records[-1]
            records[-1] = _Record(last.line, last.id, f"{last.body}\n{line}")
        elif line.strip():
            raise DataError(
                "N243",
                f"Line {line[:40]!r} does not start a brat record.",
                "Records start with an id, a tab and the annotation, e.g. 'T1<TAB>Cue 5 9<TAB>said'.",
                path,
                number,
            )
    return records


def _parse_span(record: _Record, text: str | None, path: str | None) -> _TextBound:
    """Parse a ``T`` record, checking its text against the document when given."""
    head, tab, span_text = record.body.partition("\t")
    match = _OFFSETS.fullmatch(head)
    if not tab or match is None:
        raise DataError(
            "N243",
            f"Span {record.id} is malformed: {record.body[:60]!r}.",
            "Write 'T1<TAB>Label start end[;start end...]<TAB>span text'.",
            path,
            record.line,
        )
    label, offsets = match.groups()
    fragments = tuple(tuple(map(int, pair.split())) for pair in offsets.split(";"))
    if any(start >= end for start, end in fragments):
        raise DataError(
            "N243",
            f"Span {record.id} has an empty or reversed fragment: {offsets!r}.",
            "Each fragment needs start < end (end exclusive).",
            path,
            record.line,
        )
    if text is not None:
        _check_span_text(record, fragments, span_text, text, path)
    return _TextBound(label, fragments)


def _check_span_text(
    record: _Record, fragments: Fragments, span_text: str, text: str, path: str | None
) -> None:
    """Raise unless `span_text` is the document text at `fragments`, whitespace aside."""
    if max(end for _, end in fragments) > len(text):
        raise DataError(
            "N244",
            f"Span {record.id} ends after the end of the text ({len(text)} characters).",
            "Check that the .ann file belongs to this .txt file.",
            path,
            record.line,
        )
    expected = " ".join(text[start:end] for start, end in fragments)
    if span_text.split() != expected.split():
        raise DataError(
            "N244",
            f"Span {record.id} reads {span_text[:40]!r} but the text there is {expected[:40]!r}.",
            "Check that the .ann file belongs to this .txt file and that neither was "
            "re-encoded or had its line endings changed.",
            path,
            record.line,
        )


def _parse_event(
    record: _Record, spans: dict[str, _TextBound], path: str | None
) -> tuple[str, str, list[tuple[str, str]]]:
    """Return an ``E`` record's type, trigger id and ``(role, id)`` arguments."""
    tokens = record.body.split()
    matches = [_ARGUMENT.fullmatch(token) for token in tokens]
    if not tokens or None in matches:
        raise DataError(
            "N243",
            f"Event {record.id} is malformed: {record.body[:60]!r}.",
            "Write 'E1<TAB>Type:T4 Role:T3 ...' with space-separated role:id pairs.",
            path,
            record.line,
        )
    (kind, trigger), *arguments = [match.groups() for match in matches]
    for role, ref in [("trigger", trigger), *arguments]:
        if ref not in spans:
            raise DataError(
                "N245",
                f"Event {record.id} gives {role} {ref}, which is not a span of this file.",
                "Define every span an event refers to on a T line of the same file.",
                path,
                record.line,
            )
    return kind, trigger, arguments


def _attribution(
    record: _Record,
    doc_id: str,
    spans: dict[str, _TextBound],
    trigger: str,
    arguments: list[tuple[str, str]],
    path: str | None,
    text: str | None,
) -> Attribution:
    """Build the attribution of one event from its role arguments (carrying the document's ``text``, if known)."""
    parts: dict[str, list[tuple[int, int]]] = {name: [] for name in _COMPONENTS}
    for role, ref in arguments:
        match = _ROLE.fullmatch(role)
        if match is None:
            raise DataError(
                "N245",
                f"Event {record.id} has the role {role!r}.",
                "Attribution events take the roles Source, Cue and Content "
                "(brat numbers repeats: Content2).",
                path,
                record.line,
            )
        parts[match.group(1).lower()].extend(spans[ref].fragments)
    return Attribution(
        doc_id=doc_id,
        attribution_id=record.id,
        cue=parts["cue"] or spans[trigger].fragments,
        source=parts["source"],
        content=parts["content"],
        document_text=text,
    )


def parse_ann_document(
    ann_text: str, doc_id: str, text: str | None = None, path: str | Path | None = None
) -> AnnDocument:
    """Parse brat standoff text into attributions plus counts of what it holds.

    Parameters
    ----------
    ann_text
        The content of a ``.ann`` file.
    doc_id
        The document's identifier, stored in every record.
    text
        The document's text. When given, every span's text is checked
        against it and every record carries it (:attr:`Attribution.cue_text`, ...).
    path
        The file `ann_text` came from, named in errors.

    Returns
    -------
    AnnDocument
        The attributions and counts of spans, events and skipped records.

    Raises
    ------
    DataError
        ``N243`` for a malformed or duplicated record, ``N244`` for span text
        that does not match `text`, ``N245`` for an event naming an unknown
        span or role.
    """
    path = None if path is None else str(path)
    spans: dict[str, _TextBound] = {}
    events: list[_Record] = []
    document = AnnDocument(doc_id, [])
    seen: set[str] = set()
    for record in _split_records(ann_text, path):
        if record.id in seen:
            raise DataError(
                "N243",
                f"The id {record.id} is used twice.",
                "Give every record its own id.",
                path,
                record.line,
            )
        seen.add(record.id)
        if record.id[0] == "T":
            spans[record.id] = _parse_span(record, text, path)
            document.span_labels[spans[record.id].label] += 1
        elif record.id[0] == "E":
            events.append(record)
        else:
            document.skipped[_SKIPPED_RECORDS[record.id[0]]] += 1
    linked: set[str] = set()
    for record in events:
        kind, trigger, arguments = _parse_event(record, spans, path)
        linked.update(ref for _, ref in arguments)
        document.event_types[kind] += 1
        if kind not in ATTRIBUTION_EVENTS:
            document.skipped[f"event {kind}"] += 1
        elif not arguments:
            document.skipped["event without roles"] += 1
        else:
            document.attributions.append(_attribution(record, doc_id, spans, trigger, arguments, path, text))
    for span_id, span in spans.items():
        if span_id in linked or span.label in ATTRIBUTION_EVENTS:
            continue
        reason = "unlinked" if span.label in _LABELS.values() else "span"
        document.skipped[f"{reason} {span.label}"] += 1
    return document


def parse_ann(
    ann_text: str, doc_id: str, text: str | None = None, path: str | Path | None = None
) -> list[Attribution]:
    """Parse brat standoff text into attribution records.

    See :func:`parse_ann_document` for the parameters and errors; this
    returns only its ``attributions``.
    """
    return parse_ann_document(ann_text, doc_id, text, path).attributions


def _read_text(path: Path) -> str:
    """Read a UTF-8 file without translating line endings (offsets count them).

    Raises
    ------
    InputError
        ``N103`` if the file is not UTF-8 (with the line and column of the first bad byte).
    """
    data = path.read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        fix = "Re-save the file as UTF-8 (e.g. `iconv -f latin1 -t utf-8`): brat files are read as UTF-8."
        raise decode_error(data, err, path, "UTF-8", fix=fix) from None


def read_ann(path: str | Path, text: str | None = None) -> list[Attribution]:
    """Read the attributions of one ``.ann`` file; the doc id is its stem.

    Parameters
    ----------
    path
        The ``.ann`` file.
    text
        The document's text, to check the spans against (the records then carry it).

    Returns
    -------
    list of Attribution

    Raises
    ------
    InputError
        ``N246`` if the file does not exist.
    DataError
        As :func:`parse_ann_document`.
    """
    path = Path(path)
    if not path.is_file():
        raise InputError("N246", f"No annotation file {path}.", "Check the path.", path)
    return parse_ann(_read_text(path), path.stem, text, path)


def _find_text(doc_id: str, base: Path) -> Path | None:
    """Return ``<doc_id>.txt`` from ``base/text`` or `base`, if either has it."""
    for folder in (base / "text", base):
        if (folder / f"{doc_id}.txt").is_file():
            return folder / f"{doc_id}.txt"
    return None


def read_brat_dir(directory: str | Path, texts: str | Path | None = None) -> dict[str, list[Attribution]]:
    """Read every ``.ann`` file of a folder, keyed by file stem.

    Two layouts are understood: a corpus split like ``polnear/dev``
    (``attributions/*.ann`` and ``text/*.txt``) and a flat folder of
    ``<doc_id>.ann`` files, such as a model's predictions, with or without
    ``<doc_id>.txt`` beside them.

    Parameters
    ----------
    directory
        The split folder or the flat folder.
    texts
        Where to find the texts when they are not in `directory`: a split
        folder (with ``text/``) or a folder of ``.txt`` files, e.g. the gold
        split a flat folder of predictions was made from. When given, every
        document must have its text there.

    Returns
    -------
    dict of str to list of Attribution
        Attributions by doc id, in file-name order. Spans are checked
        against each document's text when it is found.

    Raises
    ------
    InputError
        ``N246`` if the folder is missing or holds no ``.ann`` file, or a
        text is missing from `texts`.
    DataError
        As :func:`parse_ann_document`.
    """
    directory = Path(directory)
    ann_dir = directory / "attributions" if (directory / "attributions").is_dir() else directory
    files = sorted(ann_dir.glob("*.ann")) if ann_dir.is_dir() else []
    if not files:
        raise InputError(
            "N260",
            f"No .ann files in {ann_dir}.",
            "Give a folder of <doc_id>.ann files or a split with an attributions/ folder.",
            ann_dir,
        )
    result: dict[str, list[Attribution]] = {}
    for path in files:
        # A file written by `analyze --format brat` is named by the encoded id (narratives.output.file_stem).
        base = directory if texts is None else Path(texts)
        doc_id, text_path = next(
            ((key, found) for key in dict.fromkeys([path.stem, id_of_stem(path.stem)]) if key is not None
             and (found := _find_text(key, base)) is not None),
            (path.stem, None),
        )
        if text_path is None and texts is not None:
            raise InputError(
                "N261",
                f"No text {path.stem}.txt in {texts} for {path.name}.",
                "Point `texts` at the split the annotations were made on.",
                path,
            )
        text = None if text_path is None else _read_text(text_path)
        result[doc_id] = parse_ann(_read_text(path), doc_id, text, path)
    return result


def _span_text(fragments: Fragments, text: str) -> str:
    """The brat text of a span: fragments joined by a space, on one line."""
    joined = " ".join(text[start:end] for start, end in fragments)
    return joined.replace("\r", " ").replace("\n", " ")


class _SpanTable:
    """Numbers ``T`` lines, giving identical (label, fragments) one id."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.ids: dict[tuple[str, Fragments], str] = {}
        self.lines: list[str] = []

    def id_of(self, label: str, fragments: Fragments) -> str:
        """Return the id of the span, writing its ``T`` line the first time."""
        key = (label, fragments)
        if key not in self.ids:
            self.ids[key] = f"T{len(self.ids) + 1}"
            offsets = ";".join(f"{start} {end}" for start, end in fragments)
            self.lines.append(f"{self.ids[key]}\t{label} {offsets}\t{_span_text(fragments, self.text)}")
        return self.ids[key]


def _check_writable(attributions: Sequence[Attribution], text: str) -> None:
    """Raise unless all records belong to one document and fit in `text`."""
    doc_ids = sorted({a.doc_id for a in attributions})
    if len(doc_ids) > 1:
        raise DataError(
            "N262",
            f"A .ann file holds one document, got attributions of {', '.join(doc_ids[:5])}.",
            "Write each document's attributions to its own file.",
        )
    outside = past_end(attributions, text)
    if outside is not None:
        raise DataError(
            "N263",
            f"Attribution {outside.attribution_id} of {outside.doc_id} ends at {outside.span[1]}, "
            f"after the end of its text ({len(text)} characters).",
            "Pass the text the attribution's offsets refer to.",
        )


def format_ann(attributions: Iterable[Attribution], text: str) -> str:
    """Return brat standoff text for one document's attributions.

    Events are numbered ``E1``, ``E2``... in the given order and spans
    ``T1``, ``T2``... as they first occur, so
    ``parse_ann(format_ann(records, text), doc_id, text)`` gives back the
    records with ``attribution_id`` renumbered and the fields brat cannot
    hold (sentence, mode, confidence...) unset.

    Parameters
    ----------
    attributions
        Records of one document.
    text
        That document's text.

    Returns
    -------
    str
        The ``.ann`` content, ending in a newline (empty for no records).

    Raises
    ------
    DataError
        ``N262`` if the records belong to several documents, ``N263`` if
        one reaches past the end of `text`.
    """
    attributions = list(attributions)
    _check_writable(attributions, text)
    table = _SpanTable(text)
    for number, attribution in enumerate(attributions, start=1):
        roles = {name: getattr(attribution, name) for name in _COMPONENTS if getattr(attribution, name)}
        ids = {name: table.id_of(_LABELS[name], fragments) for name, fragments in roles.items()}
        kind = ATTRIBUTION_EVENTS[0] if attribution.source else ATTRIBUTION_EVENTS[1]
        trigger = table.id_of(kind, attribution.cue)
        arguments = " ".join(f"{_LABELS[name]}:{ids[name]}" for name in _ROLE_ORDER if name in ids)
        table.lines.append(f"E{number}\t{kind}:{trigger} {arguments}")
    return "".join(f"{line}\n" for line in table.lines)


def write_ann(path: str | Path, attributions: Iterable[Attribution], text: str) -> None:
    """Write one document's attributions to a ``.ann`` file (UTF-8, ``\\n`` line ends).

    See :func:`format_ann` for the format and errors.
    """
    Path(path).write_text(format_ann(attributions, text), encoding="utf-8", newline="\n")


__all__ = [
    "ATTRIBUTION_EVENTS",
    "AnnDocument",
    "format_ann",
    "parse_ann",
    "parse_ann_document",
    "read_ann",
    "read_brat_dir",
    "write_ann",
]
