"""The whole pipeline on small in-memory corpora of arbitrary Unicode: it never raises, and every span points back into the text."""

from __future__ import annotations

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from narratives import schema
from narratives.corpus import Corpus, Document
from narratives.pipeline import analyze
from narratives.sides import load_profile

PROFILE = load_profile("armenia-azerbaijan")

# Pieces that make the attribution, side and framing stages fire, mixed with any Unicode (combining marks,
# astral characters, line and paragraph separators, lone quotation marks).
NEWSY = st.sampled_from(
    [
        "Baku claimed that ", "Yerevan said ", "“", "”", "\"", "'", " the town was shelled", ". ", "\n\n", " It later alleged",
        " Amnesty International said", " Karabakh lies inside", " came under heavy fire", " reportedly", " self-proclaimed",
        ", he said.", " according to Hikmet Hajiyev", "\u2028", "\r\n", "e\u0301", "🇦🇲", "Ереван заявил, ",
    ]
)
TEXTS = st.lists(st.one_of(NEWSY, st.text(max_size=12)), max_size=14).map("".join).filter(lambda t: t.strip())


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(TEXTS, min_size=1, max_size=3))
def test_analyze_never_raises_and_every_span_is_its_text(texts):
    docs = {f"d{i}": text for i, text in enumerate(texts)}
    tables = analyze(Corpus.from_documents([Document(doc_id, text) for doc_id, text in docs.items()]), profile=PROFILE)
    assert sorted(tables.documents["doc_id"]) == sorted(docs)
    for row in tables.sentences.itertuples(index=False):
        assert docs[row.doc_id][row.start : row.end] == row.text
    for row in tables.attributions.to_dict("records"):
        text = docs[row["doc_id"]]
        for part in ("cue", "source", "resolved"):
            start = row[f"{part}_start"]
            if not pd.isna(start):
                assert text[int(start) : int(row[f"{part}_end"])] == row[f"{part}_text"], part
        for column in ("cue_spans", "source_spans", "content_spans"):
            for start, end in schema.spans(row[column]):
                assert 0 <= start <= end <= len(text), column
        for start, end, _category, _entry in schema.hits(row["framing_hits"]):  # the entry is the lexicon's, not the text
            assert 0 <= start < end <= len(text)
