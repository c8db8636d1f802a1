"""Every error and warning code narratives raises, each with its one meaning.

A code names one kind of problem, wherever it is raised: ``N1xx`` input
(corpus files, folders, options, runs), ``N2xx`` data files (annotations,
profiles, lexicons, shipped data), ``N3xx`` model files. The messages
themselves say what is wrong and what to do (:mod:`narratives.errors`);
this registry is what a code means, for the documentation and for a test
that checks every code raised is listed here and every code listed is
raised. A new kind of problem takes a new code, never one already listed.
"""

from __future__ import annotations

__all__ = ["CODES", "meaning"]

CODES: dict[str, str] = {
    # input: corpus files and folders
    "N101": "a path that does not exist",
    "N102": "a binary file (NUL bytes), not text",
    "N103": "bytes that are not valid text in the encoding given (line and column of the first bad byte)",
    "N104": "a document larger than the size limit",
    "N105": "an empty document, or a CSV/TSV corpus with a header and no rows",
    "N106": "a metadata row without a file name",
    "N107": "a text field or column that is missing or not a string",
    "N108": "a JSON Lines line that is not valid JSON or not an object",
    "N109": "an unknown encoding name",
    "N110": "two documents with the same id",
    "N111": "a CSV/TSV header or row that cannot be parsed",
    "N112": "a folder with no .txt files",
    "N113": "a file suffix narratives does not read",
    "N114": "a file or subfolder that cannot be read or listed",
    "N115": "a text, id or field holding a lone surrogate, which UTF-8 cannot hold",
    "N116": "two metadata rows for the same file",
    "N117": "warning: metadata rows for files that are not in the corpus",
    "N118": "the system refused to read or write a file (disk full, permission denied)",
    "N119": "warning: a date that is not an ISO date",
    # input: commands and their output folders
    "N120": "an output folder inside an input folder",
    "N121": "an output path that exists and is not a folder",
    "N122": "no annotated documents to train an attribution model on",
    "N123": "no readable document to report on",
    "N124": "no attribution speaks for a side of the profile: nothing to compare",
    "N125": "an output folder that is an input, or holds one",
    "N126": "two documents whose output files would have the same name",
    "N127": "another run holds the output folder's lock",
    "N128": "a grouping (--by) for which no document has a value",
    "N129": "warning: documents without a value for the grouping (--by)",
    "N131": "a grouping (--by) that names no metadata column or date window",
    "N140": "teach --pair: no document has that id",
    "N141": "teach --event: no document has that event",
    # input: partitioned runs
    "N160": "cannot resume: the run differs from the one saved in the folder",
    "N161": "cannot resume: the corpus changed since the saved run",
    "N162": "a partitioned analysis made with another profile than the one compared",
    "N163": "--engine dask without Dask's distributed scheduler installed",
    "N166": "a partitioned run's record or table file that cannot be read",
    "N167": "a worker process died during a run",
    # input: labelled data for story models
    "N174": "--inner-cv out of range for the labelled articles",
    "N175": "not a labelled folder (labels.tsv and articles/)",
    "N176": "a labels.tsv header or row that cannot be read",
    "N177": "an article named in labels.tsv that is missing",
    "N178": "a label of the data that the taxonomy does not define",
    "N179": "no such taxonomy file",
    "N180": "an article named in labels.tsv that is not UTF-8",
    "N181": "a negative --headline-weight",
    # data: token files, attribution records and tables
    "N201": "a CoreNLP token line without its six fields",
    "N240": "an attribution record with an invalid span or field",
    "N241": "an attribution table missing columns or holding unreadable span cells",
    "N242": "no text for a document of a table",
    # data: brat annotation files
    "N243": "a malformed or repeated brat record",
    "N244": "a brat span whose text is not the document's text at its offsets",
    "N245": "a brat event naming an unknown span or role",
    "N246": "no such .ann file",
    "N247": "no text for a gold document to score",
    "N248": "predictions for documents that are not in the gold set",
    "N249": "a gold or predicted span past the end of its text",
    "N260": "a folder without .ann files",
    "N261": "an .ann file whose text is not in the texts folder given",
    "N262": "attributions of several documents written to one .ann file",
    "N263": "an attribution written past the end of its text",
    "N264": "not a brat folder (text/*.txt beside attributions/*.ann) to train on",
    # data: actor profiles
    "N250": "no such profile",
    "N251": "a profile that is not valid TOML",
    "N252": "a profile field missing, of the wrong type, or unknown",
    "N253": "a profile side undeclared, reserved or declared twice, or fewer than two sides",
    "N254": "the same alias for two actors, or twice for one",
    "N255": "an empty alias in a profile",
    "N256": "a profile colour that is not a hex colour",
    "N257": "an unknown kind or role in a profile, or a role for an actor that is not a third party",
    "N258": "two actors of a profile with the same name",
    # data: shipped data files
    "N270": "a framing lexicon that cannot be read or is malformed",
    "N271": "a WikiWeasel file that cannot be read",
    "N272": "a PTC folder that cannot be read or has no articles",
    "N273": "teaching explanations missing for a framing category",
    "N274": "the speaker phrase lists cannot be read",
    "N275": "the worksheet questions cannot be read or lack a field",
    "N276": "the teaching pages' category styles cannot be read",
    "N280": "a validation file that cannot be read or is malformed",
    # models
    "N301": "a tagger file that cannot be read",
    "N302": "an attribution model folder or crfsuite file that cannot be read",
    "N303": "an attribution model of another format version",
    "N370": "the framing models cannot be read",
    "N380": "a taxonomy file that cannot be read or is malformed",
    "N381": "a story model that cannot be read or does not match its taxonomy",
    "N385": "an entity-roles file that cannot be read",
    "N386": "an entity-role mention whose offsets do not hold its text",
    "N387": "the entity-role model cannot be read",
    "N388": "no attributed statement with a content to find topics in",
}
"""Code to its one meaning."""


def meaning(code: str) -> str:
    """What ``code`` means.

    Examples
    --------
    >>> meaning("N101")
    'a path that does not exist'

    Raises
    ------
    KeyError
        For a code narratives does not use.
    """
    return CODES[code]
