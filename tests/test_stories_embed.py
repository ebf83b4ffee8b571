"""Title+lead texts and their embeddings: what clustering compares."""

from __future__ import annotations

import numpy as np
import pytest

from eventwire.stories.embed import embed_texts, first_sentence, lead_text


@pytest.mark.parametrize("text, expected", [
    ("Pezeshkian made the comment on Saturday evening in a phone conversation with Iraqi Prime "
     "Minister Mohammed Shia' Al Sudani. They discussed the latest developments.",
     "Pezeshkian made the comment on Saturday evening in a phone conversation with Iraqi Prime "
     "Minister Mohammed Shia' Al Sudani."),
    (" date 2024-12-01 Le cessez-le-feu est entré en vigueur. Des milliers de déplacés rentrent.",
     "Le cessez-le-feu est entré en vigueur."),
    ("El Presidente iraní habló el martes. ¿Qué dijo? Nada nuevo.",
     "El Presidente iraní habló el martes."),
    ("Un titre sans point\nLe texte suit ici.", "Un titre sans point"),
])
def test_first_sentence(text, expected):
    assert first_sentence(text) == expected


@pytest.mark.parametrize("title, text, expected", [
    ("Iran will not halt its support",
     "Iran will not halt its support\n\nIranian President stated.",
     "Iran will not halt its support. Iranian President stated."),
    (None, "Foreign ministers of Iran and Turkey have discussed mutual relations.",
     "Foreign ministers of Iran and Turkey have discussed mutual relations."),
    ("Séisme au Vanuatu", " date 2024-12-17 Un puissant séisme a frappé mardi l'archipel.",
     "Séisme au Vanuatu. Un puissant séisme a frappé mardi l'archipel."),
])
def test_lead_text(title, text, expected):
    assert lead_text(title, text) == expected


def test_lead_is_cut_on_a_word():
    lead = lead_text(None, "word " * 200, chars=50)
    assert len(lead) <= 50 and lead.endswith("word")


def test_same_happening_across_languages_is_closer_than_another_happening():
    vectors = embed_texts([
        "Iranian, Turkish foreign ministers discuss Syria in Ankara",
        "Les chefs de la diplomatie iranienne et turque se rencontrent à Ankara",
        "Cancilleres de Irán y Turquía abordan en Ankara la crisis siria",
        "Powerful earthquake hits Vanuatu, damaging buildings in capital",
    ])
    sims = vectors @ vectors.T
    assert min(sims[0, 1], sims[0, 2], sims[1, 2]) > 0.6
    assert max(sims[3, :3]) < 0.3


def test_a_text_gets_the_same_vector_alone_or_in_any_batch():
    """Up to one unit of the 4th decimal in a few components (BLAS sums follow batch shape)."""
    texts = ["Israel-Hezbollah ceasefire takes effect in Lebanon",
             "Entra en vigor el alto el fuego entre Israel y Hezbolá. " * 5, "Corée du Sud",
             "Le Parlement sud-coréen a voté samedi la destitution du président Yoon Suk Yeol."]
    together = embed_texts(texts)
    alone = np.stack([embed_texts([t])[0] for t in texts])
    reversed_ = embed_texts(texts[::-1])[::-1]
    for other in (alone, reversed_):
        assert np.abs(together - other).max() <= 1.01e-4
        assert (together != other).sum() <= together.size // 1000
        assert np.abs(together @ together.T - other @ other.T).max() < 1e-4
    assert np.allclose(np.linalg.norm(together, axis=1), 1.0, atol=1e-3)
