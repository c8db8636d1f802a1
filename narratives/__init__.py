"""narratives: who said what in news about two-sided conflicts, and how it is framed."""

from narratives.errors import DataError, InputError, NarrativesError
from narratives.segment import Segmentation, Span, segment

__version__ = "0.1.0"

__all__ = ["DataError", "InputError", "NarrativesError", "Segmentation", "Span", "segment", "__version__"]
