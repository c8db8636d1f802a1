"""Stories: which frames and narratives a text carries (the "narratives" stage, after framing).

* :mod:`narratives.stories.taxonomy` - taxonomy files (labels, definitions, parents);
* :mod:`narratives.stories.labelled` - labelled article folders (training and evaluation input);
* :mod:`narratives.stories.classifier` - :class:`StoryClassifier`, a multi-label
  scikit-learn estimator with calibrated probabilities;
* :mod:`narratives.stories.model` - :class:`StoryModel`, a taxonomy with its classifier;
* :mod:`narratives.stories.params` - saving and loading models as arrays (no pickles);
* :mod:`narratives.stories.train` - ``narratives train-narratives``;
* :mod:`narratives.stories.join` - the story columns ``analyze`` adds.

See ``docs/stories.md``.
"""
