"""narratives: who said what in news about two-sided conflicts, and how it is framed.

The functions and estimators a user starts from, each importable from here
(``from narratives import load, analyze``)::

    corpus = load("corpora/karabakh-2020")                    # narratives.corpus
    tables = analyze(corpus, profile=load_profile("armenia-azerbaijan"))
    report = build_report(corpus, "armenia-azerbaijan", "reports/karabakh")

They are imported when first used, so ``import narratives`` (and
``narratives --help``) does not load the language and statistics libraries
the stages need.

=================================  ===========================================
name                               where it lives
=================================  ===========================================
:func:`load`, :class:`Corpus`,     :mod:`narratives.corpus`
:class:`Document`
:func:`segment`,                   :mod:`narratives.segment`
:class:`Segmentation`
:class:`Span`                      :mod:`narratives.span`
:func:`attribute`,                 :mod:`narratives.attribution`
:class:`Attribution`,
:class:`AttributionModel`
:func:`load_profile`,              :mod:`narratives.sides`
:func:`assign_sides`
:func:`analyze`                    :mod:`narratives.pipeline`
:class:`FramingVectorizer`         :mod:`narratives.framing`
:class:`StoryClassifier`,          :mod:`narratives.stories`
:class:`RoleClassifier`,
:class:`StatementTopics`
:func:`compare`                    :mod:`narratives.compare`
:func:`build_report`               :mod:`narratives.report`
=================================  ===========================================
"""

from __future__ import annotations

import sys
import types
from typing import TYPE_CHECKING, Any

from narratives.errors import DataError, InputError, NarrativesError
from narratives.lazy import lazy_dir, lazy_getattr

__version__ = "0.1.0"

_EXPORTS = {
    "load": "narratives.corpus",
    "Corpus": "narratives.corpus",
    "Document": "narratives.corpus",
    "segment": "narratives.segment",
    "Segmentation": "narratives.segment",
    "Span": "narratives.span",
    "attribute": "narratives.attribution.extract",
    "Attribution": "narratives.attribution.records",
    "AttributionModel": "narratives.attribution.model",
    "load_profile": "narratives.sides",
    "assign_sides": "narratives.sides",
    "analyze": "narratives.pipeline",
    "FramingVectorizer": "narratives.framing.vectorizer",
    "StoryClassifier": "narratives.stories.classifier",
    "RoleClassifier": "narratives.stories.roles",
    "StatementTopics": "narratives.stories.topics",
    "compare": "narratives.compare",
    "build_report": "narratives.report",
}
"""Each public name and the module it is imported from when first used."""

__all__ = [
    "Attribution",
    "AttributionModel",
    "Corpus",
    "DataError",
    "Document",
    "FramingVectorizer",
    "InputError",
    "NarrativesError",
    "RoleClassifier",
    "Segmentation",
    "Span",
    "StatementTopics",
    "StoryClassifier",
    "__version__",
    "analyze",
    "assign_sides",
    "attribute",
    "build_report",
    "compare",
    "load",
    "load_profile",
    "segment",
]

if TYPE_CHECKING:
    from narratives.attribution.extract import attribute
    from narratives.attribution.model import AttributionModel
    from narratives.attribution.records import Attribution
    from narratives.compare import compare
    from narratives.corpus import Corpus, Document, load
    from narratives.framing.vectorizer import FramingVectorizer
    from narratives.pipeline import analyze
    from narratives.report import build_report
    from narratives.segment import Segmentation, segment
    from narratives.sides import assign_sides, load_profile
    from narratives.span import Span
    from narratives.stories.classifier import StoryClassifier
    from narratives.stories.roles import RoleClassifier
    from narratives.stories.topics import StatementTopics


__getattr__ = lazy_getattr(__name__, _EXPORTS)
"""Import a public name on first use (PEP 562) and keep it."""
__dir__ = lazy_dir(__name__, _EXPORTS)
"""Tab completion and ``dir()`` list the names imported on first use."""


class _Package(types.ModuleType):
    """The package, whose functions ``segment`` and ``compare`` share their names with submodules.

    Importing a submodule records it as an attribute of its package; for
    those two names the function stays what ``narratives.segment`` and
    ``narratives.compare`` give (the submodules are reached by importing
    them: ``from narratives.compare import ...``).
    """

    def __setattr__(self, name: str, value: Any) -> None:
        if isinstance(value, types.ModuleType) and _EXPORTS.get(name) == value.__name__:
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
