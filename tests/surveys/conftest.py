import pytest

from surveys.factories import choice_key, make_survey, survey_index
from surveys.models import QuestionKind

ALL_KINDS = [
    {
        "kind": QuestionKind.SINGLE,
        "label": "Votre service",
        "choices": "Culture\nSport",
        "allow_other": True,
        "required": True,
    },
    {
        "kind": QuestionKind.MULTIPLE,
        "label": "Vos thèmes",
        "choices": "A\nB\nC\nD",
        "min_choices": 1,
        "max_choices": 2,
    },
    {"kind": QuestionKind.YES_NO, "label": "Reviendrez-vous ?"},
    {
        "kind": QuestionKind.SCALE,
        "label": "Votre note",
        "scale_min": 1,
        "scale_max": 5,
        "scale_min_label": "Pas du tout",
        "scale_max_label": "Tout à fait",
    },
    {"kind": QuestionKind.SHORT_TEXT, "label": "Votre équipe", "max_length": 10},
    {"kind": QuestionKind.LONG_TEXT, "label": "Un commentaire", "max_length": 50},
    {
        "kind": QuestionKind.NUMBER,
        "label": "Combien de collègues ?",
        "min_value": 1,
        "max_value": 20,
    },
    {"kind": QuestionKind.DATE, "label": "Date souhaitée"},
    {"kind": QuestionKind.EMAIL, "label": "Votre adresse"},
    {"kind": QuestionKind.KEYWORDS, "label": "Vos mots-clés", "max_keywords": 2},
]


@pytest.fixture
def index_page(home_page):
    return survey_index(home_page)


@pytest.fixture
def build_survey(index_page):
    def _build(questions=None, **fields):
        return make_survey(
            index_page, questions=ALL_KINDS if questions is None else questions, **fields
        )

    return _build


def field(survey, label):
    """The form field name of the question labelled ``label``."""
    return survey.questions.get(label=label).field_name


def choice(survey, label, *choice_labels):
    """The posted value(s) of the choice(s) read ``choice_labels`` in question ``label``."""
    question = survey.questions.get(label=label)
    keys = [choice_key(question, choice_label) for choice_label in choice_labels]
    return keys[0] if len(keys) == 1 else keys


def valid_post(survey, **overrides):
    data = {
        field(survey, "Votre service"): choice(survey, "Votre service", "Culture"),
        field(survey, "Vos thèmes"): choice(survey, "Vos thèmes", "A", "B"),
        field(survey, "Reviendrez-vous ?"): choice(survey, "Reviendrez-vous ?", "Oui"),
        field(survey, "Votre note"): "4",
        field(survey, "Votre équipe"): "Équipe 1",
        field(survey, "Un commentaire"): "Très utile",
        field(survey, "Combien de collègues ?"): "12",
        field(survey, "Date souhaitée"): "2026-03-14",
        field(survey, "Votre adresse"): "camille@example.org",
        field(survey, "Vos mots-clés"): "Confiance, écoute",
    }
    data.update(overrides)
    return data
