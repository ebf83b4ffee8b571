"""Quotes without quotation marks (analyze/quotes/turns.py): transcript turns and block quotes."""

from __future__ import annotations

import pytest
from tests.test_quotes import analyse


def _said(quotes, contains):
    """(speaker's resolved name and words, cue) of the direct quotes holding `contains`."""
    return [(f"{q.speaker.name if q.speaker else ''} | {q.speaker_text}", q.cue)
            for q in quotes if q.direct and contains in q.text]


TRANSCRIPT = {
    "en": ("Secretary of State Antony Blinken met Foreign Minister Dmytro Kuleba in Kyiv.\n\n"
           "SECRETARY BLINKEN: Thank you, Dmytro. We stand with Ukraine today.\n\n"
           "And we will keep our support going as long as it takes.\n\n"
           "QUESTION: Mr. Secretary, will you send more weapons?\n\n"
           "FOREIGN MINISTER KULEBA: We need air defence above all.\n"),
    "es": ("El secretario de Estado Antony Blinken se reunió con el canciller José Manuel "
           "Albares en Madrid.\n\nSECRETARIO BLINKEN: Gracias, José Manuel. Estados Unidos "
           "está con Ucrania.\n\nPREGUNTA: ¿Enviarán más armas?\n\n"
           "MINISTRO ALBARES: España seguirá apoyando a Ucrania.\n"),
    "fr": ("Le secrétaire d'État Antony Blinken a rencontré Jean-Noël Barrot à Paris.\n\n"
           "SECRÉTAIRE BLINKEN : Merci, Jean-Noël. Nous sommes aux côtés de l'Ukraine.\n\n"
           "QUESTION : Enverrez-vous plus d'armes ?\n\n"
           "MINISTRE BARROT : La France continuera de soutenir l'Ukraine.\n"),
}

# (lang, words of a turn, who said them)
TURNS = [
    ("en", "We stand with Ukraine today", "Blinken"),
    ("en", "keep our support going", "Blinken"),  # the next paragraph, same turn
    ("en", "We need air defence above all", "Kuleba"),
    ("es", "Estados Unidos está con Ucrania", "Blinken"),
    ("es", "España seguirá apoyando a Ucrania", "Albares"),
    ("fr", "Nous sommes aux côtés de l'Ukraine", "Blinken"),
    ("fr", "La France continuera de soutenir", "Barrot"),
]


@pytest.mark.parametrize(("lang", "contains", "speaker"), TURNS)
def test_a_transcript_turn_is_its_speakers_quote(lang, contains, speaker) -> None:
    said = _said(analyse(TRANSCRIPT[lang], lang), contains)
    assert said and all(speaker.lower() in name.lower() and cue == ":" for name, cue in said), said


@pytest.mark.parametrize(("lang", "contains"), [
    ("en", "will you send more weapons"),
    ("es", "Enviarán más armas"),
    ("fr", "Enverrez-vous plus"),
])
def test_the_interviewers_turn_is_no_quote(lang, contains) -> None:
    assert _said(analyse(TRANSCRIPT[lang], lang), contains) == []


# (lang, text, words of the block, speaker)
BLOCKS = [
    ("es", "La activista siria Razan Saffour tuiteó:\n\nHoy Damasco no tiene luz ni internet.\n",
     "Damasco no tiene luz", "Razan Saffour"),
    ("en", "The Kenyan activist Boniface Mwangi wrote on Tuesday:\n\n"
     "The police cannot silence a whole generation.\n", "cannot silence", "Boniface Mwangi"),
    ("fr", "Le ministère sénégalais des Affaires étrangères a écrit :\n\n"
     "Nous ne céderons pas face à la répression.\n", "ne céderons pas", "Senegal"),
]


@pytest.mark.parametrize(("lang", "text", "contains", "speaker"), BLOCKS)
def test_the_line_after_a_speech_verb_and_a_colon_is_a_quote(lang, text, contains,
                                                              speaker) -> None:
    said = _said(analyse(text, lang), contains)
    assert said and speaker.lower() in said[0][0].lower(), said


def test_a_colon_line_without_a_speech_verb_opens_no_quote() -> None:
    text = ("The statement below is attributable to the spokesperson:\n\n"
            "The Secretary met the Spanish Foreign Minister in Washington.\n")
    assert _said(analyse(text, "en"), "met the Spanish") == []


POSTS = {
    "es": ("Aquí hay algunas reacciones desde Twitter:\n\n"
           "@Wa7damasrya: @Ghonim El régimen aún gobernará incluso si él se va #JAN25\n\n"
           "@3arabawy: Sólo los idiotas están animando la toma de poder. La revolución "
           "continúa.\n\n"
           "Los manifestantes siguen en la plaza.\n"),
    "en": ("Reactions poured in on social media.\n\n"
           "RT @nytimes: The president will address the nation tonight, officials said\n\n"
           "The square stayed full all night.\n"),
}

# (lang, words of a post, the account)
POSTED = [
    ("es", "El régimen aún gobernará", "@Wa7damasrya"),
    ("es", "Sólo los idiotas están animando", "@3arabawy"),
    ("en", "The president will address the nation", "@nytimes"),
]


@pytest.mark.parametrize(("lang", "words", "account"), POSTED)
def test_a_paragraph_opened_by_a_handle_is_that_accounts_post(lang, words, account):
    quotes = analyse(POSTS[lang], lang)
    assert [s.split(" | ")[1] for s, _ in _said(quotes, words)] == [account]
    assert not _said(quotes, "siguen en la plaza") and not _said(quotes, "stayed full")


# (lang, text, words of the quote, the speaker's words): the tagger takes the postposed cue
# for a noun ("», ajoute Hassan"), or the speaker is a common noun named in apposition
ATTRIBUTED = [
    ("fr", "« Tous ces retards dans la publication des résultats, cela pose beaucoup de "
     "questions », ajoute Hassan, un étudiant.", "cela pose beaucoup", "Hassan"),
    ("en", '"We will not leave the square until he goes," said a student, Ahmed Ali, on '
     "Monday.", "We will not leave", "Ahmed Ali"),
    ("es", "«No nos vamos a ir de la plaza hasta que se vaya», dijo un estudiante, Ahmed Ali.",
     "No nos vamos", "Ahmed Ali"),
]


@pytest.mark.parametrize(("lang", "text", "words", "speaker"), ATTRIBUTED)
def test_postposed_speakers_are_found_through_tagging_slips(lang, text, words, speaker):
    said = _said(analyse(text, lang), words)
    assert said and speaker in said[0][0]
