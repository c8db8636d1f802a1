"""Pronoun sources ("he", "she") and the gender of what they are resolved to.

Usage::

    python benchmarks/pronoun_gender.py --data ../shared/polnear/dev/text [--profile us-2016]

Each attribution whose source is "he" or "she" and that the pipeline
resolved is checked against the gender its antecedent has *in that
document*: a gendered word in the antecedent ("spokeswoman", "Mr"), its
first capitalised word if that is a given name ("Hillary Clinton"), else its
last capitalised word read as a surname that one gender's given names
precede elsewhere in the document ("Bernie Sanders" makes "Sanders" male).
Only the antecedent's own noun phrase is read, not an apposition after a
comma, dash or bracket, and a description whose last word is a common noun
("the senior Cruz adviser") is given no gender from the names inside it.
Antecedents whose gender the document does not tell are not counted as
clashes. The given names and gendered words are the coreference lexicon's
(``narratives/data/lang/en/given_names.toml``, ``narratives/data/coreference.toml``),
so this is a check of consistency, not a gold standard. Lists every clash
and prints one JSON object last.
"""

from __future__ import annotations

import argparse
import json
import re

from narratives.attribution.coreference import _lexicon, _rules
from narratives.corpus import load
from narratives.pipeline import analyze
from narratives.sides import load_profile


def antecedent_gender(antecedent: str, text: str) -> str | None:
    """The gender ``text`` gives ``antecedent``, or ``None`` if it tells none."""
    rules, given = _rules(), _lexicon()[0]
    head = re.split(r",| — | \(", antecedent)[0]  # not an apposition ("Tom Vilsack, a Clinton supporter")
    words = [word.strip(".’'") for word in head.split()]
    # a gendered word of the phrase itself, not of a modifier ("officials familiar with Mrs. Clinton's house")
    modifier = next((i for i, word in enumerate(words) if word in ("of", "with", "from", "in", "at", "for", "to")), len(words))
    for word in words[:modifier]:
        for part in word.lower().split("-"):  # "ex-wife"
            if part in rules["female_words"]:
                return "female"
            if part in rules["male_words"]:
                return "male"
    if not words or not words[-1][:1].isupper():
        return None  # a description whose head is a common noun: "the senior Cruz adviser"
    capitals = [word for word in words if word[:1].isupper()]
    first = next((word for word in capitals[:-1] if word.lower() in given), None)  # "Republican Christine Todd Whitman"
    if first is not None:
        return given[first.lower()]
    before = re.finditer(r"\b([A-Z][a-z]+) " + re.escape(capitals[-1]) + r"\b", text)
    genders = {given[m.group(1).lower()] for m in before if m.group(1).lower() in given}
    return genders.pop() if len(genders) == 1 else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", required=True, help="a corpus folder or file narratives can load")
    parser.add_argument("--profile", default="us-2016")
    args = parser.parse_args()
    documents = list(load(args.data))
    texts = {document.id: document.text for document in documents}
    table = analyze(documents, profile=load_profile(args.profile)).attributions
    pronouns = table[table["source_text"].str.lower().isin(["he", "she"])]
    resolved = pronouns[pronouns["resolved_text"].notna()]
    clashes = 0
    for row in resolved.itertuples():
        wanted = "female" if row.source_text.lower() == "she" else "male"
        found = antecedent_gender(row.resolved_text, texts[row.doc_id])
        if found is not None and found != wanted:
            clashes += 1
            print(f"clash: {row.doc_id} at {row.source_start}: {row.source_text!r} -> {row.resolved_text!r} ({found})")
    print(json.dumps({"pronoun_sources": len(pronouns), "resolved": len(resolved), "gender_clashes": clashes}))


if __name__ == "__main__":
    main()
