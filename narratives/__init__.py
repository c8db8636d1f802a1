"""narratives: who said what in news about two-sided conflicts, and how it is framed."""

from narratives.attribution.extract import attribute
from narratives.attribution.records import Attribution
from narratives.corpus import Corpus, Document, load
from narratives.errors import DataError, InputError, NarrativesError
from narratives.segment import Segmentation, Span, segment

__version__ = "0.1.0"

__all__ = [
    "Attribution",
    "Corpus",
    "DataError",
    "Document",
    "InputError",
    "NarrativesError",
    "Segmentation",
    "Span",
    "attribute",
    "load",
    "segment",
    "__version__",
]
