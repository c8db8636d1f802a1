"""Rules that revise the attribution model's output on real news pages.

The CRF model (:mod:`narratives.attribution.model`) is trained on PolNeAR,
clean body text of US election news. Pages of war reporting hold page
furniture and constructions PolNeAR has few of; these rules, read from
``data/attribution_rules.toml``, handle them. One concept a module:

- :mod:`~narratives.attribution.rules.page`: page furniture ("READ MORE",
  "Most read in ...", "(emphasis added)"), headlines that report a deed,
  posts signed with a dash and a name;
- :mod:`~narratives.attribution.rules.cues`: cues the model misses
  (:func:`cue_candidates`): a noun of saying with a possessor ("Kiev's
  admission that ..."), "per X" used like "according to X", ...;
- :mod:`~narratives.attribution.rules.sources`: source spans revised
  (:func:`revise_source`): "according to X, ..." ends at the comma, a
  relative pronoun source resolves to the noun phrase it attaches to, a
  noun cue's source is its possessor; a state's deed is not a statement;
- :mod:`~narratives.attribution.rules.common`: the rules file and the
  look-ups the others share.

Every span is a pair of character offsets into the unchanged text.
"""

from narratives.attribution.rules.common import RULES_PATH, RuleCue, rules
from narratives.attribution.rules.cues import cue_candidates
from narratives.attribution.rules.page import (
    furniture_paragraphs,
    furniture_spans,
    headline_non_statements,
    post_signatures,
)
from narratives.attribution.rules.sources import inherit_subjects, is_state_action, revise_source

__all__ = ["RULES_PATH", "RuleCue", "cue_candidates", "furniture_paragraphs", "furniture_spans", "headline_non_statements", "inherit_subjects", "is_state_action", "post_signatures", "revise_source", "rules"]
