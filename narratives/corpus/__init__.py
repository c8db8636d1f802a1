"""Documents and corpora: loading, streaming, selection, pandas round trips.

A :class:`Corpus` is a lazy, re-iterable sequence of :class:`Document`
records. Loading a folder of 100,000 files lists their paths and reads each
file only when iteration reaches it, so memory does not grow with the
corpus. Every document has a stable id and the SHA-256 of its text.

Supported inputs (:func:`load` picks by path):

* one ``.txt`` or ``.md`` file;
* a folder tree of ``.txt`` files, with an optional ``metadata.csv`` /
  ``metadata.tsv`` / ``metadata.jsonl`` sidecar matched on file name;
* a brat folder (``text/*.txt`` and ``attributions/*.ann``, as PolNeAR);
* JSON Lines (one document a line; configurable text and id fields);
* CSV or TSV with a text column.

Bad input raises :class:`~narratives.errors.InputError` naming the file,
the line and the fix. With ``on_error="skip"`` the document is left out
and recorded in :attr:`Corpus.skipped`, so the caller can report a count.

One concept a module:

- :mod:`~narratives.corpus.document`: :class:`Document` and its checks;
- :mod:`~narratives.corpus.collection`: :class:`Corpus` and :class:`Skipped`;
- :mod:`~narratives.corpus.files`: reading and decoding files (``N101``-``N105``, ``N114``);
- :mod:`~narratives.corpus.metadata`: metadata sidecars;
- :mod:`~narratives.corpus.readers`: the reader of each source shape;
- :mod:`~narratives.corpus.loading`: :func:`load` and :func:`load_many`.
"""

from narratives.corpus.collection import Corpus, Skipped
from narratives.corpus.document import Document, check_text, is_iso_date
from narratives.corpus.files import DEFAULT_MAX_BYTES
from narratives.corpus.loading import load, load_many

__all__ = ["Document", "Corpus", "Skipped", "load", "load_many", "check_text", "is_iso_date", "DEFAULT_MAX_BYTES"]
