"""The FilterSet of a survey's responses: one set of filters for every view of them.

The results page (counts read from the tallies, which are kept per day and per session) and
the exports of results and of responses (rows) read the same GET parameters through
:class:`ResponseFilterSet`: ``date_from``, ``date_to`` (ISO dates, days of sending) and
``seance`` (a session of the evaluated module). A bad value is ignored and reported in French
(:meth:`ResponseFilterSet.messages`) while the other filters still apply.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

import django_filters

from portal.filters import PortalFilterSet
from surveys.forms import session_label
from surveys.models.responses import SurveyResponse


class SessionFilter(django_filters.ModelChoiceFilter):
    """A session of the survey's evaluated module, labelled as in the answer form."""

    def get_queryset(self, request):
        return self.parent.survey.sessions()

    @property
    def field(self):
        field = super().field
        field.label_from_instance = session_label
        return field


class ResponseFilterSet(PortalFilterSet):
    all_or_nothing = False  # a bad date is ignored (and said) while the other filters apply

    date_from = django_filters.DateFilter(
        field_name="submitted_on", lookup_expr="gte", label=gettext_lazy("Envoyées à partir du")
    )
    date_to = django_filters.DateFilter(
        field_name="submitted_on", lookup_expr="lte", label=gettext_lazy("Jusqu'au")
    )
    seance = SessionFilter(
        field_name="session",
        label=gettext_lazy("Séance"),
        empty_label=gettext_lazy("Toutes les séances"),
    )

    def __init__(self, data, survey):
        self.survey = survey
        super().__init__(data, queryset=SurveyResponse.objects.filter(survey=survey))

    def values(self):
        """The valid filters as ``{"date_from", "date_to", "session"}`` (those given): what
        the results read from the tallies (surveys.results.compute_results)."""
        self.form.is_valid()  # cleaned_data holds the valid fields only
        cleaned = self.form.cleaned_data
        values = {
            "date_from": cleaned.get("date_from"),
            "date_to": cleaned.get("date_to"),
            "session": cleaned.get("seance"),
        }
        return {name: value for name, value in values.items() if value}

    def messages(self):
        """What was ignored, in French, with the value typed."""
        self.form.is_valid()
        errors = []
        for name in ("date_from", "date_to"):
            if name in self.form.errors:
                errors.append(
                    _("Date ignorée : « %(value)s » n'est pas une date.")
                    % {"value": self.data.get(name, "")}
                )
        if "seance" in self.form.errors:
            errors.append(_("Séance ignorée : elle ne correspond pas à ce questionnaire."))
        return errors

    def log_values(self):
        """The filters applied, for the export log (plain JSON values)."""
        return {
            name: value.pk if name == "session" else value.isoformat()
            for name, value in self.values().items()
        }
