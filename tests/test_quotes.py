"""Quotes on real-style news sentences: who said what, direct and reported, in en/es/fr."""

from __future__ import annotations

import datetime as dt

import pytest

from eventwire.analyze.actors.resolve import resolve_actors
from eventwire.analyze.nlp import get_nlp
from eventwire.analyze.quotes.extract import extract_quotes
from eventwire.knowledge import load_kb
from eventwire.models import Article, Quote


def analyse(text: str, lang: str, published: dt.date | None = None) -> list[Quote]:
    """Quotes of `text` through the real pipeline pieces: spaCy + gazetteer, actors, quotes."""
    doc = get_nlp(lang)(text)
    article = Article(id="t", source="test", raw_text=text, text=text, content_hash="",
                      published=published or dt.date(2024, 12, 1), language=lang)
    actors = resolve_actors(doc, article, load_kb())
    return extract_quotes(doc, actors, lang)


def find(quotes: list[Quote], contains: str, *, direct: bool) -> Quote | None:
    """The first quote of the given kind whose text contains `contains`."""
    return next((q for q in quotes if q.direct == direct and contains in q.text), None)

# (lang, text, speaker, quote substring, direct). `speaker` must be contained in the resolved
# actor's canonical name or, when unresolved, in the speaker's words.
CASES = [
    # --- English, direct ---
    ("en", '"We will not allow the aggression to continue," Foreign Minister Abbas Araghchi '
     "said on Tuesday.", "Araghchi", "We will not allow the aggression", True),
    ("en", "“The ceasefire must hold and aid must reach Gaza,” said UN Secretary-General "
     "Antonio Guterres.", "Guterres", "The ceasefire must hold", True),
    ("en", 'Prime Minister Keir Starmer said: "Britain stands with Ukraine for as long as it '
     'takes."', "Starmer", "Britain stands with Ukraine", True),
    ("en", 'The President stated that "the sanctions will be lifted only when the talks '
     'succeed," adding that "nobody wants a war in this region."', "President",
     "nobody wants a war", True),
    ("en", "“We are ready to talk,” the defence minister said, “but we will not negotiate "
     "under pressure.”", "defence minister", "We are ready to talk", True),
    ("en", "“We are ready to talk,” the defence minister said, “but we will not negotiate "
     "under pressure.”", "defence minister", "but we will not negotiate", True),
    ("en", '"Our forces repelled the attack. Twelve militants were killed. The operation is '
     'continuing," army spokesman Ali Ahmed said.', "Ali Ahmed",
     "Twelve militants were killed", True),
    ("en", "Russian Foreign Minister Sergei Lavrov said the talks in Riyadh had been useful. "
     '"We expect the next round to take place in Istanbul next month."', "Lavrov",
     "We expect the next round", True),
    ("en", "“Such attacks are a clear violation of international law”, Al Sudani said.",
     "Al Sudani", "clear violation of international law", True),
    ("en", "The country’s foreign minister said ‘we won’t back down’ after the vote in "
     "parliament.", "foreign minister", "we won’t back down", True),
    ("en", '"The first part of the statement condemns the strike on the hospital.\n\n'
     '"The second part calls on both sides to respect international law," the spokesman '
     "said.", "spokesman", "The first part of the statement", True),
    ("en", '"We are not going anywhere," insisted the mayor of Kharkiv, Ihor Terekhov.',
     "mayor of Kharkiv", "We are not going anywhere", True),
    ("en", "Hamas official Basem Naim described the proposal as “a dead end that ignores our "
     "demands” in remarks to reporters.", "Basem Naim", "a dead end that ignores", True),
    ("en", "Iranian Foreign Minister Abbas Araghchi spoke to journalists in Ankara. “We will "
     "respond at a time of our choosing,” he told Reuters.", "Araghchi", "We will respond",
     True),
    ("en", '"It is a disaster for the whole region," said Volker Türk, who heads the UN human '
     "rights office.", "Türk", "It is a disaster for the whole region", True),
    ("en", 'In a statement, the Chinese foreign ministry said: "The attack will not go '
     'unanswered."', "foreign ministry", "The attack will not go unanswered", True),
    ("en", '"The negotiations have stalled," according to a senior European diplomat.',
     "senior European diplomat", "The negotiations have stalled", True),
    ("en", '"Our position is clear" — the Kremlin spokesman said — "we will not accept a deal '
     'that excludes us."', "Kremlin spokesman", "we will not accept a deal", True),
    ("en", 'Pezeshkian: "We will never abandon our allies in the region."', "Pezeshkian",
     "We will never abandon our allies", True),
    ("en", '"Why now, after all these months?" asked the Egyptian foreign minister.',
     "Egyptian foreign minister", "Why now", True),
    ("en", "“Iran — and its allies — will respond to any attack,” the army spokesman said.",
     "army spokesman", "Iran — and its allies — will respond", True),
    ("en", "'We will not back down under any circumstances,' the Venezuelan foreign minister "
     "told the BBC.", "Venezuelan foreign minister", "We will not back down", True),
    ("en", "Iran and Syria signed several agreements on Wednesday.\n\"We are ready to deepen "
     'cooperation with all Islamic countries." Pezeshkian said this during the meeting with '
     "the Syrian minister.", "Pezeshkian", "We are ready to deepen cooperation", True),
    # --- English, reported ---
    ("en", "It was announced by the defence ministry that the border would reopen on Monday.",
     "defence ministry", "the border would reopen", False),
    ("en", "IRNA quoted the oil minister as saying that exports would resume next month.",
     "oil minister", "exports would resume next month", False),
    ("en", "Biden, speaking at the White House on Friday, said the United States would "
     "continue to support Israel.", "Biden", "would continue to support Israel", False),
    ("en", "Hezbollah denied that its fighters had crossed the border overnight.", "Hezbollah",
     "its fighters had crossed the border", False),
    ("en", "Araghchi said regional countries have a common concern about the spread of "
     "terrorism in Syria.", "Araghchi", "regional countries have a common concern", False),
    ("en", "The Iraqi prime minister said that the attacks were an attempt to destabilise the "
     "region.", "Iraqi prime minister", "the attacks were an attempt", False),
    ("en", "According to the health ministry, at least 40 people were killed in the strikes "
     "on Sunday.", "health ministry", "at least 40 people were killed", False),
    ("en", "At least 40 people were killed in the overnight strikes, according to local "
     "officials.", "local officials", "At least 40 people were killed", False),
    ("en", "The Iranian president stressed the urgent need to halt the aggression in the "
     "region.", "Iranian president", "the urgent need to halt the aggression", False),
    ("en", "Iran is ready to cooperate with its neighbours, President Masoud Pezeshkian said, "
     "calling for unity among Islamic countries.", "Pezeshkian", "Iran is ready to cooperate",
     False),
    ("en", "NATO Secretary General Mark Rutte told reporters that the alliance would increase "
     "its presence in the Baltic.", "Rutte", "the alliance would increase its presence",
     False),
    ("en", "Erdogan, for his part, said that Turkey attaches great importance to stability in "
     "Syria, expressing hope that security would soon be restored.", "Erdogan",
     "security would soon be restored", False),
    ("en", "The defence minister warned that any attack would be met with a decisive "
     "response.", "defence minister", "any attack would be met", False),
    ("en", "The top diplomat pointed out that the two countries share a long border.",
     "top diplomat", "the two countries share a long border", False),
    # --- Spanish ---
    ("es", "“No permitiremos ninguna agresión contra nuestro territorio”, afirmó el ministro "
     "de Defensa.", "ministro de Defensa", "No permitiremos ninguna agresión", True),
    ("es", 'El presidente Gustavo Petro dijo: "La paz total es el camino para Colombia".',
     "Petro", "La paz total es el camino", True),
    ("es", 'Pezeshkian indicó que: "Estamos dispuestos a profundizar la cooperación con todos '
     'los países islámicos".', "Pezeshkian", "Estamos dispuestos a profundizar", True),
    ("es", "El presidente destacó que la cooperación regional es fundamental. “Creemos que el "
     "diálogo es la única salida”, enfatizó.", "presidente", "Creemos que el diálogo", True),
    ("es", "«Vamos a defender la soberanía nacional», aseguró el mandatario venezolano.",
     "mandatario venezolano", "Vamos a defender la soberanía", True),
    ("es", "“Estamos preparados para negociar”, dijo el canciller, “pero no aceptaremos "
     "imposiciones”.", "canciller", "pero no aceptaremos imposiciones", True),
    ("es", "El canciller Albares se reunió con su homólogo en Rabat. “Seguiremos trabajando "
     "por la paz en la región”, agregó.", "Albares", "Seguiremos trabajando por la paz", True),
    ("es", "“El ataque fue una provocación inaceptable”, según el ministro de Exteriores.",
     "ministro de Exteriores", "El ataque fue una provocación", True),
    ("es", "La guerra terminará pronto, aseguró el canciller ruso, Serguéi Lavrov.", "Lavrov",
     "La guerra terminará pronto", False),
    ("es", "El presidente dijo a la prensa que no habrá negociaciones con los rebeldes.",
     "presidente", "no habrá negociaciones con los rebeldes", False),
    ("es", "“Vamos a ganar esta guerra —dijo el ministro de Defensa—, no hay ninguna duda”.",
     "ministro de Defensa", "Vamos a ganar esta guerra", True),
    ("es", "“Vamos a ganar esta guerra —dijo el ministro de Defensa—, no hay ninguna duda”.",
     "ministro de Defensa", "no hay ninguna duda", True),
    ("es", 'El canciller Albares: "No vamos a aceptar ninguna imposición de nadie".',
     "Albares", "No vamos a aceptar ninguna imposición", True),
    ("es", "El canciller mexicano afirmó que el gobierno no aceptará presiones externas.",
     "canciller mexicano", "el gobierno no aceptará presiones", False),
    ("es", "Según el Ministerio de Salud, al menos 30 personas murieron en los bombardeos.",
     "Ministerio de Salud", "al menos 30 personas murieron", False),
    ("es", "La situación en la frontera es grave, dijo el portavoz del Ejército.",
     "portavoz del Ejército", "La situación en la frontera es grave", False),
    ("es", "La ministra subrayó la importancia de mantener el diálogo con la oposición.",
     "ministra", "la importancia de mantener el diálogo", False),
    ("es", "Sabbagh destacó que las relaciones entre Irán y Siria continúan expandiéndose.",
     "Sabbagh", "las relaciones entre Irán y Siria", False),
    ("es", "El jefe de la diplomacia europea, Josep Borrell, advirtió que la escalada podría "
     "desatar una guerra regional.", "diplomacia europea", "la escalada podría desatar", False),
    ("es", "El portavoz señaló que las tropas se retirarán de la zona antes del viernes.",
     "portavoz", "las tropas se retirarán", False),
    # --- French ---
    ("fr", "« Nous ne céderons pas à la pression », a déclaré le Premier ministre.",
     "Premier ministre", "Nous ne céderons pas", True),
    ("fr", "Le ministre des Affaires étrangères a déclaré : « Nous appelons à un cessez-le-feu "
     "immédiat ».", "ministre des Affaires étrangères", "Nous appelons à un cessez-le-feu",
     True),
    ("fr", "« Nous sommes prêts à dialoguer », a ajouté le ministre, « mais pas sous la "
     "menace ».", "ministre", "mais pas sous la menace", True),
    ("fr", "« L'Europe doit prendre son destin en main », a souligné Emmanuel Macron.",
     "Macron", "L'Europe doit prendre son destin", True),
    ("fr", "«Nous ne reculerons pas», a prévenu le chef de l'armée.", "chef de l'armée",
     "Nous ne reculerons pas", True),
    ("fr", "La ministre des Armées a visité la base de Toulon. « Nous ne laisserons pas "
     "faire », a-t-elle ajouté.", "ministre des Armées", "Nous ne laisserons pas faire", True),
    ("fr", "« Nous resterons mobilisés jusqu'au bout », selon lui.", "lui",
     "Nous resterons mobilisés", True),
    ("fr", "La France est prête à envoyer des troupes, a indiqué à l'AFP le porte-parole de "
     "l'Élysée.", "porte-parole de l'Élysée", "La France est prête à envoyer", False),
    ("fr", "Emmanuel Macron a assuré que la France ne reconnaîtrait pas l'annexion.", "Macron",
     "la France ne reconnaîtrait pas l'annexion", False),
    ("fr", "Le ministre des Affaires étrangères : « Nous ne reculerons pas devant la "
     "menace. »", "ministre des Affaires étrangères", "Nous ne reculerons pas", True),
    ("fr", "« Premier paragraphe de la déclaration du gouvernement.\n\n» Deuxième paragraphe "
     "de la déclaration », a dit le porte-parole.", "porte-parole", "Premier paragraphe", True),
    ("fr", "Les deux pays ont signé plusieurs accords.\n« Nous sommes prêts à approfondir la "
     "coopération avec tous les pays islamiques. » C'est ce qu'a affirmé le président iranien "
     "Massoud Pezeshkian.", "Pezeshkian", "Nous sommes prêts à approfondir", True),
    ("fr", "Le président a affirmé que la France soutiendrait l'Ukraine aussi longtemps que "
     "nécessaire.", "président", "la France soutiendrait l'Ukraine", False),
    ("fr", "Selon le porte-parole du gouvernement, les négociations reprendront lundi à "
     "Genève.", "porte-parole du gouvernement", "les négociations reprendront", False),
    ("fr", "Les négociations reprendront lundi à Genève, selon le porte-parole du "
     "gouvernement.", "porte-parole du gouvernement", "Les négociations reprendront", False),
    ("fr", "La situation humanitaire est catastrophique, a estimé le chef de l'ONU.",
     "chef de l'ONU", "La situation humanitaire est catastrophique", False),
    ("fr", "Le chef de la diplomatie iranienne a souligné l'importance du dialogue régional.",
     "chef de la diplomatie iranienne", "l'importance du dialogue régional", False),
    ("fr", "Le porte-parole a averti que toute attaque recevrait une réponse ferme.",
     "porte-parole", "toute attaque recevrait une réponse ferme", False),
    ("fr", "D'après l'armée israélienne, une dizaine de roquettes ont été tirées depuis le "
     "Liban.", "armée israélienne", "une dizaine de roquettes", False),
]


@pytest.mark.parametrize(("lang", "text", "speaker", "contains", "direct"), CASES)
def test_quote_and_speaker(lang, text, speaker, contains, direct):
    quotes = analyse(text, lang)
    quote = find(quotes, contains, direct=direct)
    assert quote is not None, [(q.text, q.direct) for q in quotes]
    said_by = [quote.speaker.name if quote.speaker else "", quote.speaker_text or ""]
    assert any(speaker.lower() in s.lower() for s in said_by), said_by
    # evidence: every offset points at the words it names
    assert text[quote.start : quote.end] == quote.text
    assert text[quote.speaker_start : quote.speaker_end] == quote.speaker_text
    assert quote.cue is None or text[quote.cue_start : quote.cue_end] == quote.cue
    assert quote.language == lang


# (lang, text, speaker words): media are never resolved to their country
MEDIA = [
    ("en", "Iranian media said the talks would resume in Muscat next week.", "Iranian media"),
    ("en", "Turkish sources said the meeting had been postponed until January.",
     "Turkish sources"),
    ("es", "Fuentes turcas dijeron que la reunión fue aplazada hasta enero.", "Fuentes turcas"),
    ("fr", "Des médias iraniens ont indiqué que les pourparlers reprendraient à Mascate.",
     "médias iraniens"),
]


@pytest.mark.parametrize(("lang", "text", "words"), MEDIA)
def test_media_keep_their_words_but_are_not_their_country(lang, text, words):
    quotes = analyse(text, lang)
    assert len(quotes) == 1, quotes
    assert words.lower() in (quotes[0].speaker_text or "").lower()
    assert quotes[0].speaker is None or quotes[0].speaker.sector == "MED"


# (lang, text, words that must not be in any direct quote)
NOT_QUOTES = [
    ("en", "The three countries called for an “immediate and permanent” ceasefire in Gaza.",
     "immediate and permanent"),
    ("en", 'He said the region needed calm".\n\nThe meeting ended with a "joint statement" on '
     "trade and new flights.", "The meeting ended"),
    ("en", "The ministers discussed the so-called 'axis of resistance' and the country’s "
     "borders at the summit.", "axis of resistance"),
    ("es", 'indicó que Irán cree que la cohesión puede impulsar el progreso".\n\nEn una reunión '
     "celebrada el miércoles, Pezeshkian habló con el ministro.", "En una reunión"),
    ("fr", "Le sommet de l'« Axe de la résistance » s'est tenu à Téhéran samedi.", "Axe"),
]


@pytest.mark.parametrize(("lang", "text", "words"), NOT_QUOTES)
def test_scare_quotes_and_stray_marks_are_not_quotes(lang, text, words):
    quotes = analyse(text, lang)
    assert not [q for q in quotes if q.direct and words in q.text], quotes


# (lang, text): a statement nobody is named for is not given to the previous speaker
IMPERSONAL = [
    ("en", "Pezeshkian met Erdogan in Cairo. It was announced that the border would reopen."),
    ("es", "Pezeshkian se reunió con Erdogan. Se informó que la frontera será reabierta."),
    ("fr", "Macron a rencontré Scholz. Il a été annoncé que la frontière serait rouverte."),
    ("en", 'Among the demands: "release all prisoners and end the blockade now."'),
    ("fr", "Macron a visité Berlin. On estime que 300 personnes sont mortes dans les combats."),
    ("fr", "Macron a visité Kiev. « La guerre est finie », dit-on dans la capitale."),
    ("es", "Pezeshkian visitó Damasco. Se estima que 300 personas murieron en los combates."),
]


@pytest.mark.parametrize(("lang", "text"), IMPERSONAL)
def test_impersonal_statements_get_no_guessed_speaker(lang, text):
    assert all(q.speaker is None and q.speaker_text is None for q in analyse(text, lang))


def test_outlet_citing_media_is_not_a_speaker():
    text = ('Masoud Pezeshkian met the Syrian foreign minister in Tehran on Wednesday, News.az '
            'reports citing Iranian media "Iran is interested in deepening relations with '
            'Syria in various fields," he said.')
    quotes = analyse(text, "en")
    quote = find(quotes, "deepening relations", direct=True)
    assert quote is not None and quote.speaker_text == "he"
    assert all("news.az" not in (q.speaker_text or "").lower() for q in quotes)
    assert all("media" not in (q.speaker_text or "").lower() for q in quotes)


def test_split_quote_gives_two_quotes_with_one_cue():
    text = "“We are ready to talk,” the minister said, “but not under pressure.”"
    first, second = [q for q in analyse(text, "en") if q.direct]
    assert (first.cue_start, first.speaker_start) == (second.cue_start, second.speaker_start)
    assert first.text == "We are ready to talk" and second.text == "but not under pressure."


# Short articles: every listed quote must be found with its speaker (pronouns, titles,
# dropped subjects and quotes standing alone resolved across sentences).
ARTICLES = [
    ("fr", "Le ministre iranien des Affaires étrangères, Abbas Araghchi, est arrivé lundi à "
     "Ankara pour des entretiens avec son homologue turc Hakan Fidan.\n« Les récents "
     "mouvements des groupes terroristes en Syrie s'inscrivent dans les objectifs sionistes », "
     "a déclaré M. Araghchi lors d'une conférence de presse commune.\nIl a ajouté que Téhéran "
     "soutiendrait pleinement le gouvernement syrien. « Nous n'abandonnerons pas nos alliés », "
     "a-t-il insisté.\nDe son côté, M. Fidan a estimé que la stabilité de la Syrie était "
     "essentielle pour toute la région.\nSelon l'agence officielle Anadolu, les deux ministres "
     "doivent se revoir en janvier.",
     [("Araghchi", "Les récents mouvements", True), ("Araghchi", "Téhéran soutiendrait", False),
      ("Araghchi", "Nous n'abandonnerons pas", True), ("Fidan", "la stabilité de la Syrie", False),
      ("Anadolu", "les deux ministres doivent se revoir", False)]),
    ("es", "El presidente ruso, Vladímir Putin, afirmó este jueves que Moscú está dispuesto a "
     'negociar con Kiev. "No nos negamos a dialogar, pero nuestras condiciones son conocidas", '
     "declaró Putin en su rueda de prensa anual.\nEl mandatario añadió que las tropas rusas "
     'avanzan "en todos los frentes".\nPor su parte, el portavoz del Kremlin, Dmitri Peskov, '
     "señaló que no hay fecha para una reunión con el presidente estadounidense. Según medios "
     "rusos, la cumbre podría celebrarse en primavera.",
     [("Putin", "Moscú está dispuesto a negociar", False),
      ("Putin", "No nos negamos a dialogar", True),
      ("Putin", 'las tropas rusas avanzan "en todos los frentes"', False),
      ("Peskov", "no hay fecha para una reunión", False),
      ("medios rusos", "la cumbre podría celebrarse", False)]),
    ("en", "UN Secretary-General Antonio Guterres on Monday called for an immediate ceasefire in "
     'Gaza. "The suffering must end," he told reporters in New York.\nIn an interview with CNN, '
     "Israeli Prime Minister Benjamin Netanyahu rejected the call, saying the war would continue "
     'until Hamas was destroyed. "We will not stop halfway," Netanyahu said. "Victory is within '
     'reach."',
     [("Guterres", "The suffering must end", True),
      ("Netanyahu", "the war would continue until Hamas was destroyed", False),
      ("Netanyahu", "We will not stop halfway", True),
      ("Netanyahu", "Victory is within reach", True)]),
]


@pytest.mark.parametrize(("lang", "text", "expected"), ARTICLES, ids=["fr", "es", "en"])
def test_quotes_of_a_short_article(lang, text, expected):
    quotes = analyse(text, lang)
    for speaker, contains, direct in expected:
        quote = find(quotes, contains, direct=direct)
        assert quote is not None, (contains, [(q.text, q.direct) for q in quotes])
        said_by = [quote.speaker.name if quote.speaker else "", quote.speaker_text or ""]
        assert any(speaker.lower() in s.lower() for s in said_by), (contains, said_by)
