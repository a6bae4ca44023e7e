"""The survey app's fixed choices: who answers, who reads results, the question kinds.

The lowest module of the app: the models, the question kinds (``kinds.py``) and the views read
these without importing one another.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Audience(models.TextChoices):
    AGENTS = "agents", _("les agentes et agents")
    PARTNERS = "partners", _("les partenaires")
    BOTH = "both", _("les agentes et agents, et les partenaires")


class ResultsVisibility(models.TextChoices):
    COORDINATORS = "coordinators", _("la coordination seulement")
    RESPONDENTS = "respondents", _("les personnes qui ont répondu, après leur réponse")
    READERS = "readers", _("toutes les personnes qui peuvent lire le questionnaire")


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("choix unique")
    MULTIPLE = "multiple", _("choix multiple")
    YES_NO = "yes_no", _("oui / non / je ne sais pas")
    SCALE = "scale", _("échelle")
    GRID = "grid", _("grille d'évaluation (plusieurs affirmations, une échelle)")
    SHORT_TEXT = "short_text", _("texte court")
    LONG_TEXT = "long_text", _("texte long")
    NUMBER = "number", _("nombre")
    DATE = "date", _("date")
    EMAIL = "email", _("adresse électronique")
    KEYWORDS = "keywords", _("mots-clés")


OTHER_LABEL = "Autre"
