"""Stories: what each side's statements tell - frames, narratives, entity roles and topics.

* :mod:`narratives.stories.taxonomy` - taxonomy files (labels, definitions, parents);
* :mod:`narratives.stories.labelled` - labelled article folders (training and evaluation input);
* :mod:`narratives.stories.classifier` - :class:`StoryClassifier`, a multi-label
  scikit-learn estimator with calibrated probabilities;
* :mod:`narratives.stories.headline` - an article's headline, which a model may weigh more;
* :mod:`narratives.stories.model` - :class:`StoryModel`, a taxonomy with its classifier;
* :mod:`narratives.stories.expected_f1` - the narrative sets with the highest expected F1;
* :mod:`narratives.stories.params` - saving and loading models as arrays (no pickles);
* :mod:`narratives.stories.train` - ``narratives train-narratives``;
* :mod:`narratives.stories.join` - the story columns ``analyze`` adds;
* :mod:`narratives.stories.roles` - who is cast as hero, villain or victim
  (entity roles of named mentions, learned from a small labelled set);
* :mod:`narratives.stories.topics` - narrative discovery where no labels
  exist (seeded NMF topics of statement contents, per side and outlet).

This layer reads the tables of :func:`narratives.pipeline.analyze`; it never
imports :mod:`narratives.compare` or :mod:`narratives.report`. See
``docs/stories.md`` and ``docs/roles-and-topics.md``.
"""
