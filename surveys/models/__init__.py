"""The survey app's models, in three layers (each imports only the ones below it):

- ``responses.py``: responses, their answers and the tallies kept from them;
- ``questions.py``: the questions (their kinds are ``surveys/kinds.py``);
- ``pages.py``: the survey list and the survey page, whose routes call ``surveys/views.py``.

The fixed choices (audiences, result visibility, question kinds) are ``surveys/choices.py``.
Modules of the app below the pages (views, results, exports, submission) import the layer they
need (``surveys.models.responses``), never this package's pages.
"""

from surveys.choices import OTHER_LABEL, Audience, QuestionKind, ResultsVisibility

from .pages import SurveyIndexPage, SurveyPage
from .questions import ChoiceBlock, ShowIfPanel, SurveyQuestion
from .responses import (
    Answer,
    Participation,
    SurveyDraft,
    SurveyReminder,
    SurveyResponse,
    SurveyTally,
)

__all__ = [
    "OTHER_LABEL",
    "Answer",
    "Audience",
    "ChoiceBlock",
    "Participation",
    "QuestionKind",
    "ResultsVisibility",
    "ShowIfPanel",
    "SurveyDraft",
    "SurveyIndexPage",
    "SurveyPage",
    "SurveyQuestion",
    "SurveyReminder",
    "SurveyResponse",
    "SurveyTally",
]
