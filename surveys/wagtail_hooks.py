from django.contrib.admin import SimpleListFilter
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail_modeladmin.options import modeladmin_register
from wagtail_modeladmin.views import InspectView

from portal.access import reader_audiences, visible_pages
from portal.audience_cache import cached_per_audience
from portal.modeladmin import FrenchDateFilter, PortalModelAdmin
from surveys.exports import answer_lines
from surveys.models import Audience, Participation, SurveyPage, SurveyResponse

HOME_SURVEYS_LIMIT = 4


def audiences_for(user):
    """The survey audiences open to ``user`` (the rule itself lives in portal.access)."""
    readers = reader_audiences(user)
    return sorted({*readers, Audience.BOTH} if readers else set())


def open_surveys_for(user, now=None):
    """Live surveys open now, for the user's audience (answered or not), as plain data."""
    now = now or timezone.now()
    surveys = (
        SurveyPage.objects.live()
        .filter(Q(opens_at__isnull=True) | Q(opens_at__lte=now))
        .filter(Q(closes_at__isnull=True) | Q(closes_at__gt=now))
        .filter(audience__in=audiences_for(user))
        .order_by("closes_at", "-first_published_at")
    )
    return [
        {
            "pk": survey.pk,
            "title": survey.title,
            "url": survey.url,
            "closes_at": survey.closes_at,
            "anonymous": survey.anonymous,
        }
        for survey in visible_pages(surveys, user).only(
            "pk", "title", "url_path", "closes_at", "anonymous"
        )
    ]


def answered_survey_ids(user, survey_ids):
    """Which of ``survey_ids`` the user has answered (identified or anonymous), in one query."""
    if not survey_ids:
        return set()
    responses = SurveyResponse.objects.filter(user=user, survey_id__in=survey_ids)
    participations = Participation.objects.filter(user=user, survey_id__in=survey_ids)
    return set(
        responses.order_by()
        .values_list("survey_id", flat=True)
        .union(participations.order_by().values_list("survey_id", flat=True))
    )


@hooks.register("portal_home_sections")
def open_surveys_section(request, home_page):
    """Open surveys the user has not answered yet. The open surveys of an audience are cached
    (they only change with a publication, or as time opens and closes them: one minute at most);
    what the user answered is asked each time, in one small query."""
    user = request.user
    if not user.is_authenticated:
        return None
    audiences = audiences_for(user)
    candidates = cached_per_audience(
        request, f"surveys-open-{'-'.join(audiences)}", lambda: open_surveys_for(user)
    )
    answered = answered_survey_ids(user, [survey["pk"] for survey in candidates])
    surveys = [survey for survey in candidates if survey["pk"] not in answered]
    if not surveys:
        return None
    return {
        "order": 30,
        "template": "surveys/includes/home_open_surveys.html",
        "context": {"surveys": surveys[:HOME_SURVEYS_LIMIT]},
    }


open_surveys_section.per_user = True  # see home.models.collect_home_sections


class SurveyListFilter(SimpleListFilter):
    """Responses of one survey (django.contrib.admin's related filter needs the Django admin)."""

    title = _("questionnaire")
    parameter_name = "questionnaire"

    def lookups(self, request, model_admin):
        return list(SurveyPage.objects.order_by("title").values_list("pk", "title"))

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(survey_id=self.value())
        return queryset


class ResponseInspectView(InspectView):
    def answer_lines(self):
        """The response's (question, answer) pairs (surveys.exports), for the template."""
        return answer_lines(self.instance)


class SurveyResponseAdmin(PortalModelAdmin):
    """Responses per survey (filter by survey), a response's detail, deletion with confirmation."""

    model = SurveyResponse
    menu_label = _("Réponses aux questionnaires")
    menu_icon = "form"
    menu_order = 300
    add_to_settings_menu = False
    list_display = ("survey", "submitted_at", "respondent")
    list_filter = (SurveyListFilter, ("submitted_on", FrenchDateFilter))
    search_fields = ("survey__title", "user__username", "user__last_name")
    inspect_view_enabled = True
    inspect_view_fields = ("survey", "submitted_at", "updated_at")
    inspect_template_name = "surveys/admin/response_inspect.html"
    inspect_view_class = ResponseInspectView
    list_per_page = 50

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("survey", "user")

    def respondent(self, obj):
        if obj.user_id is None:
            return _("anonyme")
        return obj.user.get_full_name() or obj.user.get_username()

    respondent.short_description = _("répondant")

    # Creating or editing a response belongs to the respondent, not to the admin.
    def get_permission_helper_class(self):
        helper = super().get_permission_helper_class()

        class ResponsePermissionHelper(helper):
            def user_can_create(self, user):
                return False

            def user_can_edit_obj(self, user, obj):
                return False

        return ResponsePermissionHelper


modeladmin_register(SurveyResponseAdmin)
