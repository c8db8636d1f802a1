"""Stories: what each side's statements tell - narratives, entity roles and topics.

* :mod:`narratives.stories.roles` - who is cast as hero, villain or victim
  (entity roles of named mentions, learned from a small labelled set);
* :mod:`narratives.stories.topics` - narrative discovery where no labels
  exist (seeded NMF topics of statement contents, per side and outlet).

This layer reads the tables of :func:`narratives.pipeline.analyze`; it never
imports :mod:`narratives.compare` or :mod:`narratives.report`.
"""
