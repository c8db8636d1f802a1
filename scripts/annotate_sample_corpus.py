"""Write the gold attribution annotations of the karabakh-2020 sample corpus.

The gold annotations live below as readable data: for every article in
``corpora/karabakh-2020/text/`` a list of attributions, each given by the
strings of its Source, Cue and Content (PolNeAR's three components). This
script finds their exact character offsets in the article and writes one
brat standoff file per article to ``corpora/karabakh-2020/attributions/``,
laid out as PolNeAR lays out its ``.ann`` files::

    T1<TAB>Source 201 220<TAB>the Artsakh authorities
    T2<TAB>Cue 221 225<TAB>said
    T3<TAB>Content 226 297<TAB>...
    T4<TAB>Attribution 221 225<TAB>said
    E1<TAB>Attribution:T4 Content:T3 Cue:T2 Source:T1

An attribution without a source gets an ``Attribution-no-source`` span and
event instead. A source span shared by several attributions ("He accused
... and urged ...") is one ``T`` line used by several events, as in PolNeAR.

Usage::

    python scripts/annotate_sample_corpus.py            # write the .ann files
    python scripts/annotate_sample_corpus.py --check    # files on disk up to date?
    python scripts/annotate_sample_corpus.py --stats    # counts for the corpus card

How an attribution is written down
----------------------------------
``source``, ``cue`` and ``content`` are strings copied from the article
(``source`` is ``None`` for an attribution without a source). A
discontinuous span is a list of its fragments in text order, e.g. the two
halves of a quote split by its cue. Every string is matched on word
boundaries (a string that starts or ends with a letter or digit must not
continue a longer word), and must match exactly once in its search region,
unless an ``occurrence`` (1-based) says which match is meant. Nothing is
guessed: a string that is not found, or found more than once without an
occurrence, stops the script with an error.

Search regions:

* ``within`` (optional) names a passage of the article that must occur
  exactly once; every component is then looked for inside it.
* Otherwise the first content fragment is looked for in the whole article,
  and the source and the cue in the paragraph that holds it (a headline is
  a paragraph of its own).
* A later content fragment is looked for between the end of the fragment
  before it and the end of the following paragraph (quotes that run on over
  a paragraph break).

``occurrence`` is either an integer for every component or a mapping such
as ``{"cue": 2}``; for a discontinuous content a list gives one occurrence
per fragment.

Annotation conventions (PolNeAR's, as found in its train split; see the
"Gold annotations" section of ``corpora/karabakh-2020/README.md``) are the
ones documented there. Attributions that PolNeAR's univocal scheme leaves
out because they sit inside another attribution's content are listed in
``NOT_ANNOTATED_NESTED`` for the record; they are not written.
"""

from __future__ import annotations

import argparse
import collections
import sys
from dataclasses import dataclass
from pathlib import Path

from narratives.attribution import brat
from narratives.attribution.records import Attribution

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpora" / "karabakh-2020"
TEXT_DIR = CORPUS / "text"
ANN_DIR = CORPUS / "attributions"

Span = tuple[tuple[int, int], ...]


# ---------------------------------------------------------------------------
# The annotations
# ---------------------------------------------------------------------------

ANNOTATIONS: dict[str, list[dict]] = {
    # -----------------------------------------------------------------------
    "ararat-courier_2020-09-27_azerbaijan-attacks-artsakh": [
        {
            "source": "the Artsakh authorities",
            "cue": "said",
            "content": "Azerbaijan launched an offensive along the entire line of contact with the Artsakh Republic on Sunday morning, striking frontline villages and the capital, Stepanakert, with rockets, artillery and combat drones",
        },
        {
            "source": "Artsakh’s human rights ombudsman, Artak Beglaryan",
            "cue": "according to",
            "content": "Civilians, including a child, were killed in the Martuni region",
        },
        {
            "source": "President Arayik Harutyunyan, who was elected to lead the republic earlier this year,",
            "cue": "declared",
            "content": "martial law and a general mobilization",
            "occurrence": {"content": 1},
        },
        {
            "source": "he",
            "cue": "said",
            "content": [
                "“Our Defense Army is holding its positions,”",
                "“Every one of us is ready to stand beside it.”",
            ],
        },
        {
            "source": "Shushan Stepanyan, a spokeswoman for Armenia’s Defense Ministry,",
            "cue": "said",
            "content": "Armenian forces had shot down several Azerbaijani helicopters and drones and destroyed a number of tanks",
            "occurrence": {"cue": 1},
        },
        {
            "source": "She",
            "cue": "said",
            "content": "the front line was “under control” by the afternoon",
            "occurrence": {"cue": 2},
        },
        {
            "source": "Prime Minister Nikol Pashinyan",
            "cue": "declared",
            "content": "martial law and a general mobilization in Armenia",
        },
        {
            "source": "he",
            "cue": "accused",
            "content": "the Aliyev government of long-planned aggression against the people of Artsakh",
        },
        {
            "source": "he",
            "cue": "urged",
            "content": "Armenians to be ready to defend their homeland",
        },
        {
            "source": "Pashinyan",
            "cue": "said",
            "content": [
                "“We have warned for months that Baku was preparing for war,”",
                "“Today the world has seen that we were right.",
                "“The responsibility for every life lost lies with those who gave the order to attack.”",
            ],
        },
        {
            "source": "officials in his office",
            "cue": "said",
            "content": "Pashinyan hopes that the international community will respond with more than calls for restraint",
        },
        {
            "source": "Baku",
            "cue": "claimed",
            "content": "that its troops had launched a “counter-offensive” in response to Armenian shelling",
            "occurrence": {"cue": 1},
        },
        {
            "source": "officials in Yerevan and Stepanakert",
            "cue": "dismissed",
            "content": ["that", "as a pretext"],
            "within": "a version of events that officials in Yerevan and Stepanakert dismissed as a pretext",
        },
        {
            "source": "The Azerbaijani Defense Ministry",
            "cue": "also claimed",
            "content": "to have captured several villages",
        },
        {
            "source": "the Artsakh Defense Army",
            "cue": "denied",
            "content": "claims",
        },
        {
            "source": "Turkish President Recep Tayyip Erdogan",
            "cue": "pledged",
            "content": "Turkey’s full support to Azerbaijan",
        },
        {
            "source": "Turkish President Recep Tayyip Erdogan",
            "cue": "blamed",
            "content": "Armenia for the fighting",
        },
        {
            "source": "Yerevan",
            "cue": "accused",
            "content": "Turkey of encouraging the offensive",
        },
        {
            "source": "Yerevan",
            "cue": "warning",
            "content": "that Ankara’s involvement risked turning a local conflict into a regional war",
        },
        {
            "source": "The Armenian Foreign Ministry",
            "cue": "said",
            "content": "Azerbaijan had chosen to “destroy the peace process” at a time when the co-chairs of the OSCE Minsk Group — France, Russia and the United States — were trying to restart negotiations",
        },
        {
            "source": "The co-chairs",
            "cue": "called on",
            "content": "both sides to stop the fighting at once",
        },
        {
            "source": "Russia",
            "cue": "also urged",
            "content": "an immediate ceasefire",
            "occurrence": {"source": 2},
        },
        {
            "source": "Gor Melkonyan, 26, a software engineer",
            "cue": "said",
            "content": [
                "“My grandfather fought for Artsakh, and my father too,”",
                "“Now it is my turn.”",
            ],
        },
    ],
    # -----------------------------------------------------------------------
    "ararat-courier_2020-10-04_stepanakert-bombardment": [
        {
            "source": "Artsakh officials",
            "cue": "said",
            "content": "The capital of the Artsakh Republic came under sustained bombardment on Sunday as Azerbaijani forces fired rockets and artillery into residential districts, cutting electricity to parts of the city",
        },
        {
            "source": "Emergency workers",
            "cue": "said",
            "content": "several civilians were wounded",
            "occurrence": {"cue": 1},
        },
        {
            "source": "the ombudsman’s office",
            "cue": "said",
            "content": "the true toll would take days to establish",
            "occurrence": {"cue": 2},
        },
        {
            "source": "Artak Beglaryan, Artsakh’s human rights ombudsman,",
            "cue": "told",
            "content": [
                "“This is terror against a civilian population, and it is being carried out in full view of the world,”",
                "“There are no military targets in these neighborhoods.”",
            ],
        },
        {
            "source": "Lilit Avanesyan, 34, a teacher",
            "cue": "said",
            "content": [
                "“The children can tell the difference between a rocket and a drone now,”",
                "“No child should know that.”",
            ],
        },
        {
            "source": "President Arayik Harutyunyan",
            "cue": "vowed",
            "content": "that the Defense Army would target military facilities in large Azerbaijani cities if the bombardment continued",
        },
        {
            "source": "The Defense Army",
            "cue": "later said",
            "content": "it had struck military installations in Ganja",
        },
        {
            "source": "Baku",
            "cue": "claimed",
            "content": "that civilians had been hurt in Ganja",
            "occurrence": {"source": 1},
        },
        {
            "source": "Baku",
            "cue": "accused",
            "content": "Armenia of firing on the city from its own territory",
            "occurrence": {"source": 1},
        },
        {
            "source": "Yerevan",
            "cue": "rejected",
            "content": "the accusation",
        },
        {
            "source": "Shushan Stepanyan, the Armenian Defense Ministry spokeswoman,",
            "cue": "said",
            "content": "“Armenia’s armed forces have not fired into Azerbaijan, and Baku knows it,”",
        },
        {
            "source": "Ilham Aliyev",
            "cue": "claimed",
            "content": "that his forces had taken the town of Jabrayil",
        },
        {
            "source": "the Artsakh Defense Army",
            "cue": "described",
            "content": ["a claim", "as false"],
        },
        {
            "source": "Artsakh officials",
            "cue": "According to",
            "content": "fighting in the area was continuing late on Sunday",
        },
        {
            "source": "French President Emmanuel Macron",
            "cue": "said",
            "content": "that fighters from jihadist groups in Syria had traveled through Turkey to join the fighting on Azerbaijan’s side",
        },
        {
            "source": "Moscow",
            "cue": "has also voiced concern about",
            "content": "the presence of Syrian mercenaries",
        },
        {
            "source": "Baku and Ankara",
            "cue": "deny",
            "content": "the reports",
        },
        {
            "source": "Pashinyan",
            "cue": "said",
            "content": "that the people of Artsakh were fighting “not only Azerbaijan, but Turkey and its hired fighters.”",
        },
        {
            "source": "He",
            "cue": "called on",
            "content": "the OSCE Minsk Group co-chairs to condemn the attacks on civilians by name",
        },
        {
            "source": "The presidents of the three co-chair countries",
            "cue": "called last week for",
            "content": "an immediate end to the hostilities",
        },
        {
            "source": "many in Stepanakert",
            "cue": "say",
            "content": ["It is that reluctance", "that Baku is counting on"],
        },
    ],
    # -----------------------------------------------------------------------
    "ararat-courier_2020-10-11_truce-violated": [
        {
            "within": "Azerbaijan breaks humanitarian truce within minutes, Artsakh says",
            "source": "Artsakh",
            "cue": "says",
            "content": "Azerbaijan breaks humanitarian truce within minutes",
        },
        {
            "source": "the Artsakh Defense Army",
            "cue": "said",
            "content": "Azerbaijani forces attacked Artsakh positions in the south within minutes of a humanitarian ceasefire taking effect at noon on Saturday, and shelling of Stepanakert resumed overnight",
        },
        {
            "source": None,
            "cue": "was announced",
            "content": "The truce",
            "within": "The truce was announced in Moscow",
        },
        {
            "source": "the Defense Army",
            "cue": "said in a statement",
            "content": "“The ink was barely dry when the enemy launched an attack in the Hadrut direction,”",
        },
        {
            "source": "Shushan Stepanyan, the Armenian Defense Ministry spokeswoman,",
            "cue": "said",
            "content": "Azerbaijani artillery had also targeted villages along the line of contact through the afternoon",
            "occurrence": {"cue": 1},
        },
        {
            "source": "She",
            "cue": "said",
            "content": "Armenian forces had observed the truce and returned fire only when attacked",
            "occurrence": {"cue": 2},
        },
        {
            "source": "Mnatsakanyan",
            "cue": "said",
            "content": "that Baku had shown “no intention” of honoring what its own minister had signed",
            "occurrence": {"cue": 1},
        },
        {
            "source": "he",
            "cue": "said",
            "content": [
                "“Armenia went to Moscow in good faith,”",
                "“and we remain committed to the humanitarian arrangement. But a ceasefire cannot be observed by one side alone.”",
            ],
            "occurrence": {"cue": 2},
        },
        {
            "source": "Baku",
            "cue": "claimed",
            "content": "that Armenian forces had broken the truce first",
        },
        {
            "source": "It",
            "cue": "later alleged",
            "content": "that a missile fired from Armenia had struck a residential building in Ganja overnight, killing civilians",
        },
        {
            "source": "Yerevan",
            "cue": "categorically rejected",
            "content": "an accusation",
        },
        {
            "source": "Stepanyan",
            "cue": "said",
            "content": "“Armenia has not fired at Ganja or at any other city,”",
        },
        {
            "source": "She",
            "cue": "accused",
            "content": "Baku of staging provocations to justify further attacks on Artsakh’s towns and villages",
        },
        {
            "source": "Officials",
            "cue": "said",
            "content": "houses on the edge of the city were hit",
        },
        {
            "source": "Armen Sargsyan, 58, whose nephew is serving at the front",
            "cue": "said",
            "content": [
                "“We were told there would be a ‘humanitarian pause’ so the dead could be brought home,”",
                "“Instead, the drones came back.",
                "“I do not know what a signature from Baku is worth any more.”",
            ],
        },
        {
            "source": "Artsakh’s leadership",
            "cue": "said",
            "content": "it was ready to hand over the bodies of Azerbaijani soldiers as soon as the Red Cross could guarantee safe passage",
            "occurrence": {"cue": 1},
        },
        {
            "source": "An ICRC spokesperson",
            "cue": "said",
            "content": "the organization stood ready to help but needed both parties to agree on practical details",
            "occurrence": {"cue": 2},
        },
        {
            "source": "a senior official in his office",
            "cue": "according to",
            "content": "Pashinyan hopes Moscow will use its influence to hold Baku to the agreement",
        },
        {
            "source": "Many in Yerevan",
            "cue": "fear",
            "content": "that Ankara’s support has encouraged Aliyev to believe he can win outright",
        },
        {
            "source": "The Kremlin",
            "cue": "urged",
            "content": "both sides to respect the truce",
        },
    ],
    # -----------------------------------------------------------------------
    "ararat-courier_2020-10-27_us-truce-collapses": [
        {
            "source": "rights groups",
            "cue": "document",
            "content": "cluster munitions",
            "within": "rights groups document cluster munitions",
        },
        {
            "source": "the Artsakh Defense Army",
            "cue": "said",
            "content": "A humanitarian ceasefire negotiated in Washington collapsed within hours of taking effect on Monday morning, the third such truce to fail in little more than two weeks, as Azerbaijani forces resumed shelling along the front",
        },
        {
            "source": "the Defense Army",
            "cue": "According to",
            "content": "Azerbaijani artillery opened fire on positions in the north-east less than an hour later",
        },
        {
            "source": "Artsakh presidential spokesman Vahram Poghosyan",
            "cue": "said",
            "content": [
                "“The adversary has once again shown its attitude towards its own commitments,”",
                "“We observed the ceasefire. Baku did not.”",
            ],
        },
        {
            "source": "Shushan Stepanyan, the Armenian Defense Ministry spokeswoman,",
            "cue": "said",
            "content": "Azerbaijani forces had also shelled settlements in the south, forcing families who had returned home during the brief lull to flee again",
        },
        {
            "source": "Baku",
            "cue": "claimed",
            "content": "that Armenian forces had violated the truce by shelling the Tartar district",
        },
        {
            "source": "Stepanakert",
            "cue": "dismissed",
            "content": ["a claim", "as an attempt to shift responsibility for Azerbaijan’s own offensive"],
        },
        {
            "source": "Human Rights Watch",
            "cue": "said",
            "content": "it had documented Azerbaijan’s repeated use of cluster munitions in residential areas of Stepanakert and the town of Hadrut",
            "occurrence": {"cue": 1},
        },
        {
            "source": "Amnesty International",
            "cue": "said",
            "content": "it had identified a cluster munition in footage filmed in Stepanakert",
            "occurrence": {"cue": 2},
        },
        {
            "source": "Artak Beglaryan, Artsakh’s human rights ombudsman,",
            "cue": "said",
            "content": "“These weapons are designed to kill indiscriminately, and they are being used against a city of families,”",
        },
        {
            "source": "He",
            "cue": "urged",
            "content": "foreign governments to stop supplying arms to Baku",
        },
        {
            "source": "Azerbaijan",
            "cue": "denied",
            "content": "using cluster munitions against civilians",
        },
        {
            "source": "Hikmet Hajiyev, an adviser to Aliyev,",
            "cue": "insisted",
            "content": "that the Azerbaijani army targeted only “legitimate military objects”",
        },
        {
            "source": "residents of Stepanakert",
            "cue": "greeted with bitterness",
            "content": "a phrase",
        },
        {
            "source": None,
            "cue": "Concern has also grown over",
            "content": "the role of foreign fighters",
        },
        {
            "source": "The Syrian Observatory for Human Rights",
            "cue": "has reported",
            "content": "the deaths of dozens of Syrian mercenaries recruited through Turkey to fight for Azerbaijan",
        },
        {
            "source": "Ankara and Baku",
            "cue": "deny",
            "content": "that any such fighters are in the region",
        },
        {
            "source": "the State Department",
            "cue": "said",
            "content": "it was disappointed that the ceasefire had not held",
            "occurrence": {"cue": 1},
        },
        {
            "source": "the State Department",
            "cue": "urged",
            "content": "both sides to honor their commitments",
        },
        {
            "source": "Officials in Yerevan",
            "cue": "said",
            "content": "they hoped the United States, as an OSCE Minsk Group co-chair, would do more than issue statements",
            "occurrence": {"cue": 2},
        },
        {
            "source": "Dr. Tatevik Hakobyan, a political scientist in Yerevan",
            "cue": "said",
            "content": [
                "“Every failed truce tells Aliyev that there is no price for aggression,”",
                "“That is the lesson he is learning, and it is a dangerous one.”",
            ],
        },
    ],
    # -----------------------------------------------------------------------
    "ararat-courier_2020-11-10_pashinyan-signs-deal": [
        {
            "source": "the statement, signed by Pashinyan, Azerbaijan’s Ilham Aliyev and Russian President Vladimir Putin,",
            "cue": "Under",
            "content": "Russian peacekeepers will deploy along the line of contact and the Lachin corridor, the only road linking Artsakh to Armenia",
        },
        {
            "source": "Pashinyan",
            "cue": "announced",
            "content": "the decision",
        },
        {
            "source": "Pashinyan",
            "cue": "writing",
            "content": "that it had been taken after a careful assessment of the military situation and was “very painful” for him and for the nation",
        },
        {
            "source": "he",
            "cue": "wrote",
            "content": [
                "“We will study our mistakes, and we will rebuild,”",
                "“Artsakh remains the cause of every Armenian.”",
            ],
        },
        {
            "source": "Artsakh’s President Arayik Harutyunyan",
            "cue": "said",
            "content": "he had agreed to the terms because the Defense Army could no longer hold the front after the fall of Shushi",
            "occurrence": {"cue": 1},
        },
        {
            "source": "he",
            "cue": "said",
            "content": ["Had the fighting continued", "Stepanakert itself could have been lost within days"],
            "occurrence": {"cue": 2, "source": 2},
        },
        {
            "source": "Protesters",
            "cue": "demanding",
            "content": "that Pashinyan resign",
        },
        {
            "source": "Some",
            "cue": "accused",
            "content": "him of betrayal",
        },
        {
            "source": "Karine Petrosyan, 52",
            "cue": "said",
            "content": [
                "“Our sons died for this land, and it was signed away in the middle of the night,”",
                "“Nobody asked the people.”",
            ],
        },
        {
            "source": "Aliyev",
            "cue": "claimed",
            "content": "that the document amounted to Armenia’s capitulation",
            "occurrence": {"source": 1},
        },
        {
            "source": "Aliyev",
            "cue": "also asserted",
            "content": "that Turkey would help monitor the ceasefire",
            "occurrence": {"source": 2},
        },
        {
            "source": "the signed text",
            "cue": "makes no mention of",
            "content": "Ankara",
        },
        {
            "source": "multiple reports",
            "cue": "according to",
            "content": "with the help of mercenaries brought from Syria",
        },
        {
            "source": "residents of Stepanakert who had fled to Armenia",
            "cue": "began asking",
            "content": "whether they could return",
        },
        {
            "source": "Officials in Yerevan",
            "cue": "said",
            "content": "the deal left the future status of Artsakh unresolved",
            "occurrence": {"cue": 1},
        },
        {
            "source": "They",
            "cue": "said",
            "content": "it would remain a matter for negotiation under the OSCE Minsk Group, whose other co-chairs — France and the United States — were not party to the statement",
            "occurrence": {"cue": 2},
        },
        {
            "source": "many Armenians",
            "cue": "the question now is",
            "content": "whether the people of Artsakh will be able to live in their homeland under Russian protection",
        },
    ],
    # -----------------------------------------------------------------------
    "caspian-ledger_2020-09-27_counter-offensive": [
        {
            "source": "the Defence Ministry",
            "cue": "said",
            "content": "Azerbaijan’s army launched a counter-offensive along the front line on Sunday after Armenian forces shelled villages in the Tartar, Aghdam, Fuzuli and Jabrayil districts at dawn",
        },
        {
            "source": "the ministry",
            "cue": "said in a statement",
            "content": "“Our units are acting to protect the civilians who live along the front and to silence the positions from which this morning’s fire came,”",
        },
        {
            "source": "It",
            "cue": "added",
            "content": "that the operation was being conducted “in full compliance with international humanitarian law”",
        },
        {
            "source": "Hikmet Hajiyev, an adviser to Azerbaijan’s president,",
            "cue": "said",
            "content": "several civilians had been killed and dozens of homes damaged",
        },
        {
            "source": "He",
            "cue": "told",
            "content": "that Baku had shown “maximum restraint” for years and could no longer leave its citizens under fire",
        },
        {
            "source": "President Ilham Aliyev",
            "cue": "said",
            "content": "the army was defending the country’s internationally recognised territory",
            "occurrence": {"cue": 1},
        },
        {
            "source": "he",
            "cue": "said",
            "content": [
                "“We did not choose this day,”",
                "“But we will not let our people live in fear of Armenian artillery for another generation.”",
            ],
            "occurrence": {"cue": 2},
        },
        {
            "source": "officials close to the presidential administration",
            "cue": "according to",
            "content": "Aliyev believes that almost three decades of negotiations have failed to return a single district to Azerbaijan",
        },
        {
            "source": "the ministry",
            "cue": "reported",
            "content": "that its forces had taken control of several villages and a number of strategic heights",
        },
        {
            "source": "State television",
            "cue": "showed",
            "content": "footage of armour moving across open country and of soldiers raising the national flag over a hilltop position",
        },
        {
            "source": "Yerevan",
            "cue": "claimed",
            "content": "that Azerbaijan had started the fighting with air and artillery strikes on Armenian positions and on Khankendi, the town Armenians call Stepanakert",
        },
        {
            "source": "Shushan Stepanyan, a spokeswoman for Armenia’s Defence Ministry,",
            "cue": "alleged",
            "content": "that Armenian forces had shot down several helicopters and destroyed dozens of tanks",
        },
        {
            "source": "Azerbaijani officials",
            "cue": "dismissed",
            "content": "the figures as propaganda",
        },
        {
            "source": "The self-proclaimed regime in Khankendi, which no member of the United Nations recognises,",
            "cue": "declared",
            "content": "martial law and a general mobilisation",
        },
        {
            "source": "Prime Minister Nikol Pashinyan",
            "cue": "accused",
            "content": "Baku of a “pre-planned” attack",
        },
        {
            "source": "Azerbaijan’s Foreign Ministry",
            "cue": "rejected",
            "content": ["an accusation", "as an attempt to shift the blame"],
        },
        {
            "source": "Ankara",
            "cue": "was quick to voice",
            "content": "its support",
        },
        {
            "source": "a Turkish Foreign Ministry statement",
            "cue": "said",
            "content": "“Turkey stands with the Azerbaijani people today, as it always has,”",
        },
        {
            "source": "Russia",
            "cue": "called for",
            "content": "an immediate ceasefire",
            "occurrence": {"source": 1},
        },
        {
            "source": "the co-chairs of the OSCE Minsk Group — France, Russia and the United States —",
            "cue": "urged",
            "content": "the two sides to halt hostilities and return to negotiations",
        },
        {
            "source": "that",
            "cue": "demanded",
            "content": "the withdrawal of occupying forces",
            "within": "resolutions adopted in 1993 that demanded the withdrawal of occupying forces",
        },
    ],
    # -----------------------------------------------------------------------
    "caspian-ledger_2020-10-05_ganja-shelled": [
        {
            "source": "officials",
            "cue": "described",
            "content": ["what", "as a deliberate attempt by Armenia to carry the war far beyond the front line"],
            "within": "in what officials described as a deliberate attempt by Armenia to carry the war far beyond the front line",
        },
        {
            "source": "the Prosecutor General’s Office",
            "cue": "according to",
            "content": "At least one civilian was killed and dozens were wounded",
        },
        {
            "source": "which",
            "cue": "said",
            "content": "shells had landed in residential neighbourhoods near the centre of the city",
        },
        {
            "source": "Hikmet Hajiyev, an adviser to President Ilham Aliyev,",
            "cue": "told",
            "content": [
                "“This is an attack on a peaceful city, on people asleep in their own homes,”",
                "“Armenia is trying to widen the war because it is losing on the battlefield, and the world must call this what it is.”",
            ],
        },
        {
            "source": "The Defence Ministry",
            "cue": "stated",
            "content": "that the fire had come from the territory of Armenia proper",
        },
        {
            "source": "It",
            "cue": "said",
            "content": "Azerbaijani forces would continue to strike only military targets",
        },
        {
            "source": "Sevinj Mammadova, 41",
            "cue": "said",
            "content": [
                "“There is no military base on this street. There is a bakery and a school,”",
                "“They want to frighten us into leaving, but we are not going anywhere.”",
            ],
        },
        {
            "source": "Yerevan",
            "cue": "denied",
            "content": "that any shells had been fired from Armenian territory",
        },
        {
            "source": "Shushan Stepanyan, a spokeswoman for Armenia’s Defence Ministry,",
            "cue": "claimed",
            "content": "the accusation was a pretext to draw Armenia directly into the conflict",
        },
        {
            "source": "The leader of the separatist regime in Khankendi, Arayik Harutyunyan,",
            "cue": "had earlier warned",
            "content": "that his forces would target military facilities in large Azerbaijani cities",
        },
        {
            "source": "The so-called “Artsakh Defence Army”",
            "cue": "later alleged",
            "content": "that it had struck only an airbase near Ganja",
        },
        {
            "source": "local officials",
            "cue": "dismissed",
            "content": "an assertion",
        },
        {
            "source": "local officials",
            "cue": "pointing to",
            "content": "the damaged houses and shops in the city centre",
        },
        {
            "source": "President Aliyev",
            "cue": "announced",
            "content": "that the army had liberated the town of Jabrayil, together with several villages in the district, after 27 years of occupation",
        },
        {
            "source": "Aliyev",
            "cue": "said",
            "content": [
                "“The Azerbaijani flag is flying over Jabrayil again,”",
                "“Our soldiers are returning to lands where their grandparents were born, and they will not stop halfway.”",
            ],
        },
        {
            "source": "Officials in Yerevan",
            "cue": "reportedly insisted",
            "content": "that fighting for the town was continuing",
        },
        {
            "source": "Separatist officials",
            "cue": "also claimed",
            "content": "that Khankendi had come under heavy fire overnight",
        },
        {
            "source": None,
            "cue": "it was reported",
            "content": "that electricity had been cut in parts of the town",
        },
        {
            "source": "people familiar with his thinking",
            "cue": "said",
            "content": "Aliyev believes the gains on the ground will force Yerevan to accept what decades of diplomacy could not",
        },
        {
            "source": "The OSCE Minsk Group co-chairs",
            "cue": "have repeatedly called for",
            "content": "a halt to the fighting",
        },
    ],
    # -----------------------------------------------------------------------
    "caspian-ledger_2020-10-11_ganja-night-strike": [
        {
            "source": "Officials",
            "cue": "said",
            "content": "several residents were killed in their sleep and dozens more were wounded",
        },
        {
            "source": "the Defence Ministry",
            "cue": "said",
            "content": [
                "“The Armenian armed forces fired on a densely populated residential area in the middle of the night,”",
                "“This is a gross violation of the humanitarian ceasefire and of international law.”",
            ],
        },
        {
            "source": "President Ilham Aliyev",
            "cue": "stated",
            "content": "that Azerbaijan would respond on the battlefield and not against civilians",
        },
        {
            "source": "he",
            "cue": "said:",
            "content": "“We do not make war on women and children. We will answer those responsible where they stand.”",
        },
        {
            "source": "he",
            "cue": "told",
            "content": [
                "“Look around you,”",
                "“There is no military object here. There are apartments, a playground, cars that belong to ordinary families.",
                "“Whoever gave the order for this strike knew exactly what they were hitting.”",
            ],
        },
        {
            "source": "Armenia’s Defence Ministry",
            "cue": "denied",
            "content": "firing at Ganja",
        },
        {
            "source": "it",
            "cue": "claimed",
            "content": "that Azerbaijan had itself breached the truce within minutes by attacking positions near the town of Hadrut",
        },
        {
            "source": "Officials of the separatist regime",
            "cue": "alleged",
            "content": "that Khankendi had also come under fire overnight",
        },
        {
            "source": "Russian Foreign Minister Sergei Lavrov",
            "cue": "was announced",
            "content": "The truce",
            "within": "The truce was announced early on Saturday by Russian Foreign Minister Sergei Lavrov",
        },
        {
            "source": "Bayramov",
            "cue": "said",
            "content": "Baku remained committed to the arrangement “as long as the other side respects it”",
        },
        {
            "source": "Bayramov",
            "cue": "adding",
            "content": "that a lasting settlement would require the withdrawal of Armenian forces from Azerbaijan’s territories",
        },
        {
            "source": None,
            "cue": "It was reported",
            "content": "that families from neighbouring buildings had been moved to temporary shelters",
        },
        {
            "source": None,
            "cue": "It was not clear",
            "content": "whether any exchanges of bodies had taken place",
        },
        {
            "source": "Moscow",
            "cue": "urged",
            "content": "both parties to observe the agreement",
        },
        {
            "source": "the Russian Foreign Ministry",
            "cue": "said",
            "content": ["They must", "“strictly adhere” to what their ministers had signed"],
        },
        {
            "source": "Residents",
            "cue": "said",
            "content": "many families had spent recent nights in cellars or with relatives in villages outside the city",
        },
    ],
    # -----------------------------------------------------------------------
    "caspian-ledger_2020-11-08_shusha-liberated": [
        {
            "source": "Aliyev",
            "cue": "declares",
            "content": "Shusha liberated after 28 years of occupation",
        },
        {
            "source": "President Ilham Aliyev",
            "cue": "announced",
            "content": "that the Azerbaijani army had liberated the city of Shusha",
        },
        {
            "source": "Azerbaijanis",
            "cue": "regard",
            "content": ["that", "as the cradle of their culture"],
            "within": "the mountain town that Azerbaijanis regard as the cradle of their culture",
        },
        {
            "source": "Aliyev",
            "cue": "said",
            "content": [
                "“Our soldiers have raised the flag over Shusha,”",
                "“Generations of Azerbaijanis waited for this day. Our grandchildren will speak of it.”",
            ],
        },
        {
            "source": "The Defence Ministry",
            "cue": "confirmed",
            "content": "that its units were in control of the city",
        },
        {
            "source": "The Defence Ministry",
            "cue": "said",
            "content": "operations were continuing in the surrounding area",
            "occurrence": {"cue": 1},
        },
        {
            "source": "Col. Gen. Zakir Hasanov, the defence minister,",
            "cue": "said",
            "content": "the assault had been carried out largely by light infantry moving through forests and mountain gorges",
            "occurrence": {"cue": 2},
        },
        {
            "source": "Its spokesman, Vahram Poghosyan,",
            "cue": "claimed",
            "content": "that fighting was still under way around the town, which Armenians call Shushi",
        },
        {
            "source": "Its spokesman, Vahram Poghosyan,",
            "cue": "urged",
            "content": "residents not to trust what he called “enemy propaganda”",
        },
        {
            "source": "Armenia’s Defence Ministry",
            "cue": "also insisted",
            "content": "that the city had not fallen",
        },
        {
            "source": None,
            "cue": "reportedly",
            "content": ["it", "gave no details of where its forces were positioned"],
            "within": "although it reportedly gave no details of where its forces were positioned",
        },
        {
            "source": "officials in Baku",
            "cue": "noted",
            "content": "They have made similar claims before",
        },
        {
            "source": "officials in Baku",
            "cue": "pointing to",
            "content": "earlier denials about Jabrayil, Fuzuli and Zangilan",
        },
        {
            "source": "Dr. Nigar Huseynova, a historian who has written about Shusha’s musical heritage,",
            "cue": "said",
            "content": "she had wept while watching the address",
        },
        {
            "source": "she",
            "cue": "said",
            "content": [
                "“My father was born in Shusha and never saw it again,”",
                "“For him, and for thousands like him, this is not only a military victory.",
                "“It is a homecoming that our families stopped believing in.”",
            ],
        },
        {
            "source": "Hikmet Hajiyev, an adviser to the president,",
            "cue": "said",
            "content": "that the liberation of Shusha had been achieved “without harming the city’s historic monuments”, and that Azerbaijan would restore the mosques and mansions damaged during the occupation",
        },
        {
            "source": "a senior diplomat",
            "cue": "said",
            "content": "Officials in Baku hope the loss of Shusha will persuade Yerevan to agree to a full withdrawal without further bloodshed",
        },
        {
            "source": "The OSCE Minsk Group co-chairs",
            "cue": "have repeatedly urged",
            "content": "both sides to respect the humanitarian ceasefires agreed in October",
        },
    ],
    # -----------------------------------------------------------------------
    "caspian-ledger_2020-11-10_withdrawal-agreed": [
        {
            "source": "Armenia",
            "cue": "agrees",
            "content": "to withdraw from occupied districts under Moscow-brokered deal",
        },
        {
            "source": "Armenia",
            "cue": "has agreed",
            "content": "to hand back three districts it has occupied since the 1990s under a statement signed overnight with Azerbaijan and Russia",
        },
        {
            "source": "its terms",
            "cue": "Under",
            "content": "Armenia must withdraw from the Kalbajar district by Nov. 15, from Aghdam by Nov. 20 and from Lachin by Dec. 1",
        },
        {
            "source": "Aliyev",
            "cue": "said",
            "content": [
                "“Our army has achieved on the battlefield what years of talks could not,”",
                "“The occupation is over, and the other side has been forced to put its signature to that fact.”",
            ],
        },
        {
            "source": "He",
            "cue": "added",
            "content": "that Turkey would take part in monitoring the ceasefire",
        },
        {
            "source": "The text itself",
            "cue": "provides for",
            "content": "nearly 2,000 Russian peacekeepers to deploy along the line of contact and the Lachin corridor for an initial period of five years",
        },
        {
            "source": "Pashinyan",
            "cue": "claimed",
            "content": "that he had signed the document after consulting the army’s commanders",
        },
        {
            "source": "Pashinyan",
            "cue": "described",
            "content": "it as a decision he had been “forced” to take",
        },
        {
            "source": None,
            "cue": "reportedly",
            "content": [
                "Within hours, protesters",
                "broke into the government headquarters and the parliament building in Yerevan, demanding his resignation",
            ],
        },
        {
            "source": "Arayik Harutyunyan, the separatist leader in Khankendi,",
            "cue": "alleged",
            "content": "that his forces could not have held out much longer",
        },
        {
            "source": "The self-styled “president”",
            "cue": "said",
            "content": "he had agreed to the deal to avoid further losses",
            "occurrence": {"cue": 1},
        },
        {
            "source": "officials in Baku",
            "cue": "said",
            "content": ["that", "confirmed the collapse of the occupying forces"],
            "within": "an admission that officials in Baku said confirmed the collapse of the occupying forces",
        },
        {
            "source": "Hikmet Hajiyev, the president’s foreign policy adviser,",
            "cue": "told",
            "content": [
                "“Armenians living in Karabakh are citizens of Azerbaijan, and their security will be guaranteed,”",
                "“What ends today is the occupation, not anyone’s right to live in peace.”",
            ],
        },
        {
            "source": "Turkey’s foreign minister, Mevlut Cavusoglu,",
            "cue": "congratulated",
            "content": "Azerbaijan on what he called a great achievement",
        },
        {
            "source": "The Defence Ministry",
            "cue": "confirmed",
            "content": "that all combat operations had been halted at the agreed hour",
        },
        {
            "source": "It",
            "cue": "said",
            "content": "units would remain in their positions",
        },
        {
            "source": "Displaced families",
            "cue": "have begun to speak of",
            "content": "returning to Aghdam, Kalbajar and Lachin",
        },
        {
            "source": "officials",
            "cue": "cautioned",
            "content": "that the return would take time",
        },
        {
            "source": None,
            "cue": "it was reported",
            "content": "that large areas remain heavily mined",
        },
        {
            "source": "The Foreign Ministry",
            "cue": "stated",
            "content": "that the agreement did not settle every question between the two countries",
        },
        {
            "source": "The Foreign Ministry",
            "cue": "said",
            "content": "it opened “a new page” for the region",
        },
    ],
    # -----------------------------------------------------------------------
    "meridian-wire_2020-09-27_fighting-erupts": [
        {
            "source": "each side",
            "cue": "blaming",
            "content": "the other for the clashes",
        },
        {
            "source": "both",
            "cue": "reporting",
            "content": "civilian deaths",
        },
        {
            "source": None,
            "cue": "appeared",
            "content": ["Sunday's fighting", "to be the most serious in decades"],
        },
        {
            "source": "Armenia's Defense Ministry",
            "cue": "said",
            "content": "Azerbaijan had launched air and artillery strikes along the front early in the morning, hitting villages and the region's main city, Stepanakert",
            "occurrence": {"cue": 1},
        },
        {
            "source": "Shushan Stepanyan, the ministry's spokeswoman,",
            "cue": "said",
            "content": "Armenian forces had shot down several helicopters and drones",
            "occurrence": {"cue": 2},
        },
        {
            "source": "Azerbaijan's Defense Ministry",
            "cue": "said",
            "content": "its troops had started what it described as a counteroffensive after Armenian forces shelled villages near the front, and that they had taken several villages and strategic heights",
            "occurrence": {"cue": 1},
        },
        {
            "source": "It",
            "cue": "said",
            "content": "Armenian reports of downed helicopters were exaggerated",
            "occurrence": {"cue": 2},
        },
        {
            "source": "Prime Minister Nikol Pashinyan",
            "cue": "declared",
            "content": "martial law and a general mobilization",
        },
        {
            "source": "he",
            "cue": "said",
            "content": [
                '"Our army and the army of Nagorno-Karabakh are defending their positions,"',
                '"I ask every citizen to stay calm and to be ready."',
            ],
        },
        {
            "source": "Authorities in Nagorno-Karabakh, which calls itself the Republic of Artsakh,",
            "cue": "also declared",
            "content": "martial law",
            "occurrence": {"content": 2},
        },
        {
            "source": "Azerbaijani President Ilham Aliyev",
            "cue": "said",
            "content": "his country was acting on its own land",
            "occurrence": {"cue": 1},
        },
        {
            "source": "he",
            "cue": "said:",
            "content": '"We are not on anyone else\'s territory. We are defending our citizens."',
        },
        {
            "source": "the ministry",
            "cue": "said",
            "content": "Col. Gen. Zakir Hasanov, Azerbaijan's defense minister, told commanders the operation would continue until the threat to frontline villages was removed",
        },
        {
            "source": "Both sides",
            "cue": "said",
            "content": "civilians had been killed",
            "occurrence": {"cue": 1},
        },
        {
            "source": "Officials in Nagorno-Karabakh",
            "cue": "said",
            "content": "a woman and a child were among the dead",
            "occurrence": {"cue": 2},
        },
        {
            "source": "Azerbaijani officials",
            "cue": "said",
            "content": "a family of several people had been killed in a village near the front",
            "occurrence": {"cue": 3},
        },
        {
            "source": "Turkey, a close ally of Azerbaijan,",
            "cue": "said",
            "content": "it would stand by Baku",
        },
        {
            "source": "Russia, which has a military alliance with Armenia but also sells weapons to Azerbaijan,",
            "cue": "called for",
            "content": "an immediate cease-fire",
        },
        {
            "source": "A spokesman for U.N. Secretary-General Antonio Guterres",
            "cue": "said",
            "content": "the secretary-general was alarmed by the fighting and urged both sides to stop at once and return to talks",
        },
        {
            "source": "The co-chairs of the OSCE Minsk Group, which has mediated the conflict for years -- France, Russia and the U.S. --",
            "cue": "issued",
            "content": "a similar appeal",
        },
        {
            "source": "Dr. Helen Marsh, a South Caucasus specialist at the Lindqvist Institute, a conflict research center",
            "cue": "said",
            "content": '"The risk now is that this stops being a border skirmish and becomes a regional crisis,"',
        },
    ],
    # -----------------------------------------------------------------------
    "meridian-wire_2020-10-04_cities-shelled": [
        {
            "source": "local officials",
            "cue": "according to",
            "content": "Stepanakert was shelled repeatedly throughout the day, and parts of the city lost electricity",
        },
        {
            "source": "the Azerbaijani Prosecutor General's Office",
            "cue": "said",
            "content": "at least one civilian was killed and dozens were wounded when shells struck residential areas",
        },
        {
            "source": "Hikmet Hajiyev, an adviser to Azerbaijan's president,",
            "cue": "told",
            "content": [
                '"They are targeting a city of people,"',
                "\"This is what they call 'military targets.'\"",
            ],
        },
        {
            "source": "The leader of Nagorno-Karabakh, Arayik Harutyunyan,",
            "cue": "had warned",
            "content": "that his forces would hit military facilities in large Azerbaijani cities",
        },
        {
            "source": "His spokesman, Vahram Poghosyan,",
            "cue": "later said",
            "content": "those forces had struck a military airfield near Ganja",
        },
        {
            "source": "Azerbaijan",
            "cue": "said",
            "content": "no military sites had been hit",
            "occurrence": {"cue": 2},
        },
        {
            "source": "Azerbaijan",
            "cue": "also accused",
            "content": "Armenia of firing on Ganja from Armenian territory",
        },
        {
            "source": "Armenia",
            "cue": "denied",
            "content": "it",
            "within": "Armenia denied it.",
        },
        {
            "source": "Shushan Stepanyan, a spokeswoman for Armenia's Defense Ministry",
            "cue": "said",
            "content": '"Our forces are not shelling Azerbaijani cities from Armenian soil,"',
            "occurrence": {"cue": 1},
        },
        {
            "source": "She",
            "cue": "said",
            "content": "the accusation was intended to justify further attacks",
            "occurrence": {"cue": 2},
        },
        {
            "source": "a shopkeeper, who gave only her first name, Anush,",
            "cue": "told",
            "content": [
                '"We hear the drones before we hear the explosions,"',
                '"Then we count."',
            ],
        },
        {
            "source": "he",
            "cue": "said",
            "content": [
                '"I have lived here my whole life,"',
                '"The front used to be far from us."',
            ],
        },
        {
            "source": "Aliyev",
            "cue": "said",
            "content": "his troops had taken the town of Jabrayil and several villages nearby",
        },
        {
            "source": "Nagorno-Karabakh officials",
            "cue": "denied",
            "content": "that the town had fallen",
        },
        {
            "source": "The two sides",
            "cue": "offered sharply different accounts of",
            "content": "the fighting along the front",
        },
        {
            "source": "both sides",
            "cue": "alleged",
            "content": "The other side was deliberately shelling civilians and had suffered heavy losses in men and equipment",
        },
        {
            "source": "The International Committee of the Red Cross",
            "cue": "said",
            "content": "it was deeply concerned about shelling of populated areas",
            "occurrence": {"cue": 1},
        },
        {
            "source": "The International Committee of the Red Cross",
            "cue": "reminded",
            "content": "the parties that civilians and civilian infrastructure must be spared",
        },
        {
            "source": "it",
            "cue": "said",
            "content": "Its teams in the region were working with local volunteers to help families in shelters",
            "occurrence": {"cue": 2, "source": 2},
        },
        {
            "source": "The co-chairs of the OSCE Minsk Group",
            "cue": "have called on",
            "content": "the two sides to stop fighting and return to negotiations without preconditions",
        },
        {
            "source": "Aliyev",
            "cue": "has said",
            "content": "Armenia must first commit to withdrawing from the territories around Nagorno-Karabakh",
        },
        {
            "source": "Armenian officials",
            "cue": "have rejected",
            "content": "that demand",
        },
    ],
    # -----------------------------------------------------------------------
    "meridian-wire_2020-10-11_moscow-truce-ganja": [
        {
            "source": "each side",
            "cue": "blaming",
            "content": "the other",
        },
        {
            "source": "officials",
            "cue": "said",
            "content": "A missile struck an apartment building in Azerbaijan's second-largest city early Sunday",
        },
        {
            "source": "Azerbaijani officials",
            "cue": "said",
            "content": "several people were killed and dozens were wounded in the strike on Ganja, which came shortly after 2 a.m.",
        },
        {
            "source": "A Meridian Wire photographer",
            "cue": "saw",
            "content": "rescuers lifting a body from the rubble",
        },
        {
            "source": "Azerbaijan's Defense Ministry",
            "cue": "said",
            "content": "the missile had been fired by Armenian forces",
            "occurrence": {"cue": 1},
        },
        {
            "source": "Armenia's Defense Ministry",
            "cue": "denied",
            "content": "that",
            "within": "Armenia's Defense Ministry denied that,",
        },
        {
            "source": "Armenia's Defense Ministry",
            "cue": "said",
            "content": "Azerbaijani forces were shelling populated areas in Nagorno-Karabakh, including the main city, Stepanakert",
            "occurrence": {"cue": 2},
        },
        {
            "source": "Hikmet Hajiyev, an adviser to President Ilham Aliyev,",
            "cue": "told",
            "content": [
                '"This was a residential building. People were sleeping,"',
                '"There is no military installation anywhere near here."',
            ],
        },
        {
            "source": "Armenian Defense Ministry spokeswoman Shushan Stepanyan",
            "cue": "said in a statement",
            "content": '"Armenia is not firing at Azerbaijani cities,"',
        },
        {
            "source": "She",
            "cue": "accused",
            "content": "Azerbaijan of shelling the town of Hadrut and villages in the south of the region in the hours after the truce began",
        },
        {
            "source": "Lavrov",
            "cue": "told",
            "content": "that the foreign ministers of Armenia and Azerbaijan had agreed to halt fighting from noon that day so the two sides could exchange prisoners and the bodies of the dead",
            "occurrence": {"source": 2},
        },
        {
            "source": "the statement read by Lavrov",
            "cue": "according to",
            "content": "The exchanges were to be arranged with the help of the International Committee of the Red Cross",
        },
        {
            "source": "it",
            "cue": "said",
            "content": 'The two sides also agreed to begin "substantive talks" on a settlement under the mediation of the OSCE Minsk Group',
        },
        {
            "source": "the two sides",
            "cue": "accused",
            "content": "each other of violating the truce",
        },
        {
            "source": "Azerbaijan",
            "cue": "said",
            "content": "Armenian forces had shelled the Tartar and Aghdam districts",
            "occurrence": {"cue": 1},
        },
        {
            "source": "authorities in Nagorno-Karabakh",
            "cue": "said",
            "content": "Azerbaijani troops had attacked positions in the south",
            "occurrence": {"cue": 2},
        },
        {
            "source": "An ICRC spokesperson",
            "cue": "said",
            "content": "the organization was ready to act as a neutral intermediary but needed clear security guarantees from both sides before its teams could collect remains from the front",
            "occurrence": {"cue": 1},
        },
        {
            "source": "she",
            "cue": "said",
            "content": [
                '"We cannot send people into an active battlefield,"',
                '"The agreement reached in Moscow is a start, but it has to be respected on the ground.',
                '"Families on both sides are waiting for news of their relatives."',
            ],
            "occurrence": {"cue": 2},
        },
        {
            "source": "Russia's Foreign Ministry",
            "cue": "urged",
            "content": 'both governments to "strictly" observe the agreement their ministers had signed',
        },
        {
            "source": "Baku and Yerevan",
            "cue": "each say",
            "content": "they remain committed to the truce",
        },
        {
            "source": "Diplomats in Moscow",
            "cue": "said privately",
            "content": "that they doubted it would hold without a mechanism to monitor violations",
        },
    ],
    # -----------------------------------------------------------------------
    "meridian-wire_2020-10-17_ganja-strike-french-truce": [
        {
            "source": "Azerbaijan",
            "cue": "said",
            "content": "an Armenian missile strike killed more than a dozen people in the city of Ganja overnight",
            "occurrence": {"source": 2},
        },
        {
            "source": "the two countries",
            "cue": "announced",
            "content": "a second humanitarian cease-fire",
        },
        {
            "source": "Officials",
            "cue": "said",
            "content": "the strike destroyed a row of houses in a residential area early Saturday",
        },
        {
            "source": "Hikmet Hajiyev, an adviser to Azerbaijan's president,",
            "cue": "said",
            "content": '"Armenia is deliberately targeting our civilians,"',
            "occurrence": {"cue": 1},
        },
        {
            "source": "he",
            "cue": "said",
            "content": ["that", "showed the damage"],
            "within": "photographs that he said showed the damage",
        },
        {
            "source": "Armenia's Defense Ministry",
            "cue": "denied",
            "content": "firing on Ganja",
        },
        {
            "source": "Armenia's Defense Ministry",
            "cue": "called",
            "content": "the Azerbaijani accusation a fabrication",
        },
        {
            "source": "Officials in Nagorno-Karabakh",
            "cue": "said",
            "content": "Stepanakert and the town of Shushi, known to Azerbaijanis as Shusha, had been shelled overnight as well",
        },
        {
            "source": "the foreign ministries of both countries",
            "cue": "announced",
            "content": "that a humanitarian truce would take effect at midnight",
        },
        {
            "source": "The office of French President Emmanuel Macron",
            "cue": "said",
            "content": "he had spoken with both leaders in recent days",
        },
        {
            "source": "The office of French President Emmanuel Macron",
            "cue": "welcomed",
            "content": "the announcement",
        },
        {
            "source": "a French presidential official",
            "cue": "said",
            "content": [
                '"It is essential that this time the truce is respected,"',
                '"The alternative is a war whose consequences nobody can control."',
            ],
        },
        {
            "source": "Azerbaijani President Ilham Aliyev",
            "cue": "said",
            "content": "that his forces had taken the town of Fuzuli and several nearby villages",
            "occurrence": {"cue": 1},
        },
        {
            "source": "Armenian officials",
            "cue": "said",
            "content": "fighting in the area was continuing",
            "occurrence": {"cue": 2},
        },
        {
            "source": "Prime Minister Nikol Pashinyan",
            "cue": "vowed",
            "content": "that Armenia would observe the truce as long as Azerbaijan did",
        },
        {
            "source": "He",
            "cue": "repeated his accusation",
            "content": "that Turkey was directly involved in the fighting and that fighters from Syria were being used on Azerbaijan's side",
        },
        {
            "source": "Turkey and Azerbaijan",
            "cue": "have denied",
            "content": "that",
            "within": "Turkey and Azerbaijan have denied that.",
        },
        {
            "source": "analysts",
            "cue": "said",
            "content": [
                "Aliyev believes time is on Azerbaijan's side",
                "and has shown little interest in a pause that would allow Armenian forces to regroup",
            ],
        },
        {
            "source": "Dr. Helen Marsh of the Lindqvist Institute",
            "cue": "said",
            "content": [
                '"Each of these truces is a breathing space rather than a settlement,"',
                '"Without monitors on the ground, the parties can violate it and blame the other within the hour."',
            ],
        },
        {
            "source": "The ICRC",
            "cue": "said",
            "content": "it stood ready to help with the exchange of detainees and remains",
            "occurrence": {"cue": 1},
        },
        {
            "source": "A spokesman for U.N. Secretary-General Antonio Guterres",
            "cue": "said",
            "content": 'the U.N. chief had condemned all attacks on populated areas "wherever they occur."',
            "occurrence": {"cue": 2},
        },
        {
            "source": "Both sides",
            "cue": "accused",
            "content": "each other of breaking it",
        },
        {
            "source": "Rights groups",
            "cue": "have also raised concerns about",
            "content": "the weapons being used",
        },
        {
            "source": "Amnesty International",
            "cue": "said",
            "content": "it had identified cluster munitions in footage from Stepanakert",
        },
        {
            "source": "Azerbaijan",
            "cue": "has denied",
            "content": "using them against civilians",
        },
    ],
    # -----------------------------------------------------------------------
    "meridian-wire_2020-11-10_ceasefire-deal": [
        {
            "source": "Azerbaijan",
            "cue": "said",
            "content": "its forces had captured Shusha, a strategic town that Armenians call Shushi, overlooking the region's main city, Stepanakert",
        },
        {
            "source": "the text",
            "cue": "According to",
            "content": "close to 2,000 Russian troops will be deployed along the front line and the Lachin corridor, the road linking Nagorno-Karabakh with Armenia, for at least five years",
        },
        {
            "source": "Putin",
            "cue": "said in a televised statement",
            "content": "that the agreement should lead to a lasting settlement",
        },
        {
            "source": "he",
            "cue": "said",
            "content": [
                '"This document should open the way to a durable peace,"',
                '"and it serves the interests of both peoples."',
            ],
            "occurrence": {"cue": 2},
        },
        {
            "source": "Aliyev, who appeared with Putin by video link,",
            "cue": "called",
            "content": "the agreement a historic achievement for Azerbaijan",
        },
        {
            "source": "Pashinyan",
            "cue": "announced",
            "content": "the deal",
        },
        {
            "source": "Pashinyan",
            "cue": "calling",
            "content": "it very painful for him and for Armenians",
        },
        {
            "source": "He",
            "cue": "said",
            "content": "he had signed it after assessing the military situation with the army's leadership",
        },
        {
            "source": "some",
            "cue": "demanded",
            "content": "Pashinyan's resignation",
        },
        {
            "source": "Arayik Harutyunyan, the leader of Nagorno-Karabakh,",
            "cue": "said",
            "content": "he had agreed to the terms because continued fighting could have cost the region much more",
            "occurrence": {"cue": 1},
        },
        {
            "source": "he",
            "cue": "said",
            "content": "Stepanakert would have been at risk within days",
            "occurrence": {"cue": 2, "source": 2},
        },
        {
            "source": "The deal",
            "cue": "does not address",
            "content": "the final status of Nagorno-Karabakh",
        },
        {
            "source": "It",
            "cue": "does not mention",
            "content": "Turkey",
            "within": "It does not mention Turkey",
        },
        {
            "source": "Aliyev",
            "cue": "said",
            "content": "Turkish personnel would take part in monitoring the cease-fire",
            "occurrence": {"cue": 1},
        },
        {
            "source": "Kremlin officials",
            "cue": "said",
            "content": "no Turkish peacekeepers would be sent",
            "occurrence": {"cue": 2},
        },
        {
            "source": "Russia's Defense Ministry",
            "cue": "said",
            "content": "Hours before the signing, a Russian military helicopter was shot down over Armenia near the border with Azerbaijan's Nakhchivan exclave, killing crew members",
        },
        {
            "source": "Azerbaijan",
            "cue": "saying",
            "content": "its forces had fired in error",
            "occurrence": {"source": 2},
        },
        {
            "source": "The ICRC",
            "cue": "said",
            "content": "it would continue to work on both sides of the front to help find missing persons and return remains to their families",
            "occurrence": {"cue": 1},
        },
        {
            "source": "his spokesman",
            "cue": "said",
            "content": "U.N. Secretary-General Antonio Guterres welcomed the end of hostilities",
            "occurrence": {"cue": 2},
        },
        {
            "source": "France, a Minsk Group co-chair,",
            "cue": "called for",
            "content": "clarity on how the agreement would work, including Turkey's role",
        },
        {
            "source": "Dr. Helen Marsh of the Lindqvist Institute",
            "cue": "said",
            "content": '"The fighting has stopped, but the questions that caused it are still there,"',
        },
    ],
}


# Attributions that sit inside the Content of another attribution. PolNeAR is
# univocal (a token belongs to at most one attribution; only a Source span may
# be shared), so these are not annotated; they are listed here so that the
# choice is visible and can be revisited. Each "text" must occur in the article.
NOT_ANNOTATED_NESTED: dict[str, list[dict]] = {
    "ararat-courier_2020-09-27_azerbaijan-attacks-artsakh": [
        {"text": "Pashinyan hopes that", "inside": "officials in his office said"},
    ],
    "ararat-courier_2020-10-04_stepanakert-bombardment": [
        {"text": "Baku knows it", "inside": "Stepanyan's quote"},
        {"text": "that Baku is counting on", "inside": "many in Stepanakert say"},
    ],
    "ararat-courier_2020-10-11_truce-violated": [
        {"text": "We were told there would be", "inside": "Armen Sargsyan's quote"},
        {"text": "encouraged Aliyev to believe he can win outright", "inside": "Many in Yerevan fear"},
        {"text": "Pashinyan hopes Moscow will", "inside": "according to a senior official in his office"},
    ],
    "ararat-courier_2020-10-27_us-truce-collapses": [
        {"text": "it had documented", "inside": "Human Rights Watch said"},
        {"text": "it had identified a cluster munition", "inside": "Amnesty International said"},
        {"text": "it was disappointed", "inside": "the State Department said"},
        {"text": "they hoped the United States", "inside": "Officials in Yerevan said"},
    ],
    "ararat-courier_2020-11-10_pashinyan-signs-deal": [
        {"text": "he had agreed to the terms", "inside": "Harutyunyan said"},
    ],
    "caspian-ledger_2020-09-27_counter-offensive": [
        {"text": "Aliyev believes that", "inside": "according to officials close to the presidential administration"},
        {"text": "the town Armenians call Stepanakert", "inside": "Yerevan claimed"},
        {"text": "which no member of the United Nations recognises", "inside": "the Source of 'declared'"},
    ],
    "caspian-ledger_2020-10-05_ganja-shelled": [
        {"text": "Aliyev believes the gains", "inside": "people familiar with his thinking said"},
        {"text": "They want to frighten us", "inside": "Sevinj Mammadova's quote"},
    ],
    "caspian-ledger_2020-11-08_shusha-liberated": [
        {"text": "which Armenians call Shushi", "inside": "Poghosyan claimed"},
        {"text": "what he called “enemy propaganda”", "inside": "Poghosyan urged"},
        {"text": "They have made similar claims before", "inside": "officials in Baku noted"},
        {"text": "Officials in Baku hope", "inside": "a senior diplomat said"},
    ],
    "caspian-ledger_2020-11-10_withdrawal-agreed": [
        {"text": "demanding his resignation", "inside": "reportedly (no source)"},
        {"text": "what he called a great achievement", "inside": "Cavusoglu congratulated"},
        {"text": "he had agreed to the deal", "inside": "the self-styled “president” said"},
    ],
    "meridian-wire_2020-09-27_fighting-erupts": [
        {"text": "what it described as a counteroffensive", "inside": "Azerbaijan's Defense Ministry said"},
        {"text": "Armenian reports of downed helicopters", "inside": "It said"},
        {"text": "told commanders the operation would continue", "inside": "the ministry said"},
        {"text": "the secretary-general was alarmed by the fighting and urged both sides", "inside": "A spokesman ... said"},
        {"text": "which calls itself the Republic of Artsakh", "inside": "the Source of 'also declared'"},
    ],
    "meridian-wire_2020-10-04_cities-shelled": [
        {"text": "This is what they call 'military targets.'", "inside": "Hajiyev's quote"},
        {"text": "who gave only her first name", "inside": "the Source of 'told'"},
    ],
    "meridian-wire_2020-10-11_moscow-truce-ganja": [
        {"text": "had agreed to halt fighting", "inside": "Lavrov told"},
        {"text": "The two sides also agreed to begin", "inside": "it said"},
        {"text": "they doubted it would hold", "inside": "Diplomats in Moscow said privately"},
    ],
    "meridian-wire_2020-10-17_ganja-strike-french-truce": [
        {"text": "Aliyev believes time is on Azerbaijan's side", "inside": "analysts said"},
        {"text": "the U.N. chief had condemned all attacks", "inside": "A spokesman ... said"},
        {"text": "known to Azerbaijanis as Shusha", "inside": "Officials in Nagorno-Karabakh said"},
    ],
    "meridian-wire_2020-11-10_ceasefire-deal": [
        {"text": "a strategic town that Armenians call Shushi", "inside": "Azerbaijan said"},
        {"text": "he had agreed to the terms", "inside": "Harutyunyan said"},
        {"text": "Guterres welcomed the end of hostilities", "inside": "his spokesman said"},
    ],
}


# ---------------------------------------------------------------------------
# Finding offsets
# ---------------------------------------------------------------------------


class AnnotationError(Exception):
    """An annotation string was not found, or found more than once."""


@dataclass(frozen=True)
class Resolved:
    """One attribution with its spans as character offsets (end exclusive)."""

    source: Span | None
    cue: Span
    content: Span


def _is_word(ch: str) -> bool:
    return ch.isalnum()


def _matches(text: str, needle: str, start: int, end: int) -> list[int]:
    """Start offsets of ``needle`` in ``text[start:end]`` on word boundaries."""
    found = []
    pos = text.find(needle, start, end)
    while pos != -1:
        stop = pos + len(needle)
        left_ok = pos == 0 or not (_is_word(needle[0]) and _is_word(text[pos - 1]))
        right_ok = stop == len(text) or not (_is_word(needle[-1]) and _is_word(text[stop]))
        if left_ok and right_ok:
            found.append(pos)
        pos = text.find(needle, pos + 1, end)
    return found


def _locate(text: str, needle: str, start: int, end: int, occurrence: int | None, what: str) -> tuple[int, int]:
    if not needle or needle != needle.strip():
        raise AnnotationError(f"{what}: empty string or leading/trailing whitespace: {needle!r}")
    found = _matches(text, needle, start, end)
    if not found:
        raise AnnotationError(f"{what}: {needle!r} not found in {text[start:end][:80]!r}...")
    if occurrence is None:
        if len(found) > 1:
            raise AnnotationError(
                f"{what}: {needle!r} occurs {len(found)} times in its search region; give an occurrence"
            )
        pos = found[0]
    else:
        if not 1 <= occurrence <= len(found):
            raise AnnotationError(f"{what}: occurrence {occurrence} of {needle!r}, but it occurs {len(found)} times")
        pos = found[occurrence - 1]
    return pos, pos + len(needle)


def _paragraph(text: str, pos: int) -> tuple[int, int]:
    """Bounds of the paragraph (block between blank lines) holding ``pos``."""
    start = text.rfind("\n\n", 0, pos)
    start = 0 if start == -1 else start + 2
    end = text.find("\n\n", pos)
    return start, len(text) if end == -1 else end


def _occurrence(spec: dict, role: str, index: int = 0):
    occ = spec.get("occurrence")
    if occ is None:
        return None
    if isinstance(occ, int):
        return occ
    value = occ.get(role)
    if isinstance(value, list):
        return value[index]
    if role == "content" and index > 0 and value is not None:
        return None  # a single number is for the first fragment
    return value


def _fragments(value: str | list[str]) -> list[str]:
    return [value] if isinstance(value, str) else list(value)


def resolve(text: str, spec: dict, what: str) -> Resolved:
    """Find the offsets of one attribution given as strings."""
    unknown = set(spec) - {"source", "cue", "content", "within", "occurrence"}
    if unknown:
        raise AnnotationError(f"{what}: unknown keys {sorted(unknown)}")
    within = spec.get("within")
    if within is not None:
        region = _locate(text, within, 0, len(text), None, f"{what} within")
    else:
        region = None

    content: list[tuple[int, int]] = []
    for i, fragment in enumerate(_fragments(spec["content"])):
        occurrence = _occurrence(spec, "content", i)
        if region is not None:
            lo, hi = region
        elif i == 0:
            lo, hi = 0, len(text)
        else:
            lo = content[-1][1]
            _, para_end = _paragraph(text, lo)
            next_para = text.find("\n\n", para_end + 2)
            hi = len(text) if next_para == -1 else next_para
        content.append(_locate(text, fragment, lo, hi, occurrence, f"{what} content[{i}]"))

    lo, hi = region if region is not None else _paragraph(text, content[0][0])
    cue = (_locate(text, spec["cue"], lo, hi, _occurrence(spec, "cue"), f"{what} cue"),)
    source = None
    if spec.get("source") is not None:
        source = (_locate(text, spec["source"], lo, hi, _occurrence(spec, "source"), f"{what} source"),)
    return Resolved(source=source, cue=cue, content=tuple(content))


def _overlap(a: Span, b: Span) -> bool:
    return any(s1 < e2 and s2 < e1 for s1, e1 in a for s2, e2 in b)


def check_document(stem: str, resolved: list[Resolved]) -> None:
    """PolNeAR's univocal layout: spans of one attribution are disjoint, and a
    token belongs to at most one attribution, except for a shared Source."""
    for i, r in enumerate(resolved):
        spans = [s for s in (r.source, r.cue, r.content) if s is not None]
        for a in range(len(spans)):
            for b in range(a + 1, len(spans)):
                if _overlap(spans[a], spans[b]):
                    raise AnnotationError(f"{stem} #{i + 1}: its own spans overlap")
        for frag_a, frag_b in zip(r.content, r.content[1:]):
            if frag_b[0] < frag_a[1]:
                raise AnnotationError(f"{stem} #{i + 1}: content fragments out of order")
    for i, r in enumerate(resolved):
        for j in range(i + 1, len(resolved)):
            q = resolved[j]
            for role_a, a in (("source", r.source), ("cue", r.cue), ("content", r.content)):
                for role_b, b in (("source", q.source), ("cue", q.cue), ("content", q.content)):
                    if a is None or b is None or not _overlap(a, b):
                        continue
                    if role_a == role_b == "source" and a == b:
                        continue  # a shared source, as in PolNeAR
                    raise AnnotationError(
                        f"{stem}: #{i + 1} {role_a} overlaps #{j + 1} {role_b} (PolNeAR is univocal)"
                    )
    for i, r in enumerate(resolved):
        for j in range(i + 1, len(resolved)):
            if resolved[j].cue == r.cue:
                raise AnnotationError(f"{stem}: #{i + 1} and #{j + 1} share a cue")


# ---------------------------------------------------------------------------
# Writing brat standoff (narratives.attribution.brat, the package's writer)
# ---------------------------------------------------------------------------


def _span_text(text: str, span: Span) -> str:
    return " ".join(text[s:e] for s, e in span)


def format_ann(stem: str, text: str, resolved: list[Resolved]) -> str:
    """PolNeAR's layout, written by :func:`narratives.attribution.brat.format_ann`: per
    attribution Source (unless already written), Cue, Content, the Attribution span
    over the cue, then the event; attributions in order of their cue, then content."""
    order = sorted(resolved, key=lambda r: (r.cue[0][0], r.content[0][0]))
    for r in order:
        for span in (r.source, r.cue, r.content):
            if span is not None and any(c in text[s:e] for s, e in span for c in "\r\n"):
                raise AnnotationError(f"{stem}: line break inside a span text: {_span_text(text, span)!r}")
    records = [Attribution(stem, f"E{n}", r.cue, r.source or (), r.content) for n, r in enumerate(order, start=1)]
    return brat.format_ann(records, text)


def verify_ann(text: str, ann: str, stem: str) -> int:
    """Read a written file back with :func:`narratives.attribution.brat.parse_ann`, which checks every
    span's text against the article; the number of attributions."""
    return len(brat.parse_ann(ann, stem, text))


# ---------------------------------------------------------------------------
# Statistics for the corpus card
# ---------------------------------------------------------------------------

PERSONAL_PRONOUNS = {"he", "she", "it", "they", "we", "i", "you"}
RELATIVE_PRONOUNS = {"who", "which", "that"}
_DOUBLE_QUOTES = "\"“”"


def kind(text: str, r: Resolved) -> str:
    """direct (all of the content is quoted), mixed (partly quoted) or indirect."""
    fragments = [text[s:e] for s, e in r.content]
    quoted = [f for f in fragments if any(q in f for q in _DOUBLE_QUOTES)]
    if not quoted:
        return "indirect"
    # A quote that runs on over a paragraph break leaves the paragraph open
    # (no closing mark), so only the last fragment must close.
    if all(f[0] in "\"“" for f in fragments) and fragments[-1].rstrip(".,")[-1] in "\"”":
        return "direct"
    return "mixed"


def statistics(docs: dict[str, tuple[str, list[Resolved]]]) -> dict:
    per_file = {}
    total = collections.Counter()
    cues = collections.Counter()
    for stem, (text, resolved) in docs.items():
        c = collections.Counter()
        for r in resolved:
            c["attributions"] += 1
            c[kind(text, r)] += 1
            cue = _span_text(text, r.cue)
            cues[cue.lower()] += 1
            if cue.lower() == "according to":
                c["according-to"] += 1
            if r.source is None:
                c["no-source"] += 1
            else:
                src = _span_text(text, r.source).lower()
                if src in PERSONAL_PRONOUNS:
                    c["pronoun-source"] += 1
                elif src in RELATIVE_PRONOUNS:
                    c["relative-pronoun-source"] += 1
            if len(r.content) > 1:
                c["discontinuous-content"] += 1
        c["shared-source"] = len(resolved) - len(
            {r.source for r in resolved if r.source is not None}
        ) - sum(1 for r in resolved if r.source is None)
        per_file[stem] = c
        total.update(c)
    return {"per_file": per_file, "total": total, "cues": cues}


# ---------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------


def build() -> dict[str, tuple[str, list[Resolved], str]]:
    stems = sorted(p.stem for p in TEXT_DIR.glob("*.txt"))
    missing = sorted(set(stems) - set(ANNOTATIONS))
    extra = sorted(set(ANNOTATIONS) - set(stems))
    if missing or extra:
        raise AnnotationError(f"articles without annotations: {missing}; annotations without article: {extra}")
    out = {}
    for stem in stems:
        text = (TEXT_DIR / f"{stem}.txt").read_text(encoding="utf-8")
        resolved = [resolve(text, spec, f"{stem} #{i + 1}") for i, spec in enumerate(ANNOTATIONS[stem])]
        check_document(stem, resolved)
        for note in NOT_ANNOTATED_NESTED.get(stem, []):
            _locate(text, note["text"], 0, len(text), None, f"{stem} nested note")
        out[stem] = (text, resolved, format_ann(stem, text, resolved))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="only verify that the files on disk are up to date")
    parser.add_argument("--stats", action="store_true", help="print counts per file and in total")
    args = parser.parse_args(argv)

    docs = build()
    stale = []
    for stem, (text, _, ann) in docs.items():
        path = ANN_DIR / f"{stem}.ann"
        if args.check:
            if not path.exists() or path.read_bytes() != ann.encode("utf-8"):
                stale.append(path.name)
        else:
            ANN_DIR.mkdir(parents=True, exist_ok=True)
            path.write_bytes(ann.encode("utf-8"))
        if path.exists():
            verify_ann(text, path.read_text(encoding="utf-8"), stem)
    if stale:
        print("out of date: " + ", ".join(stale), file=sys.stderr)
        return 1

    if args.stats:
        stats = statistics({s: (t, r) for s, (t, r, _) in docs.items()})
        keys = ["attributions", "direct", "indirect", "mixed", "according-to", "no-source",
                "pronoun-source", "relative-pronoun-source", "discontinuous-content", "shared-source"]
        print("file\t" + "\t".join(keys))
        for stem, c in stats["per_file"].items():
            print(stem + "\t" + "\t".join(str(c[k]) for k in keys))
        print("TOTAL\t" + "\t".join(str(stats["total"][k]) for k in keys))
        print("cues: " + ", ".join(f"{k} {v}" for k, v in stats["cues"].most_common()))
    elif not args.check:
        n = sum(len(r) for _, r, _ in docs.values())
        print(f"wrote {len(docs)} files, {n} attributions, to {ANN_DIR.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
