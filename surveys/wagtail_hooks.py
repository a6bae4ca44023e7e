from django.contrib.admin import SimpleListFilter
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail_modeladmin.options import ModelAdmin, modeladmin_register

from portal.access import INTERNAL_ROLES, user_roles, visible_pages
from portal.roles import PARTNERS
from surveys.models import Audience, Participation, SurveyPage, SurveyResponse

HOME_SURVEYS_LIMIT = 4


def audiences_for(user):
    if user.is_superuser:
        return list(Audience.values)
    roles = user_roles(user)
    audiences = set()
    if roles & INTERNAL_ROLES:
        audiences |= {Audience.AGENTS, Audience.BOTH}
    if PARTNERS in roles:
        audiences |= {Audience.PARTNERS, Audience.BOTH}
    return sorted(audiences)


def open_surveys_for(user, now=None):
    """Live surveys open now, for the user's audience, that they have not answered yet."""
    now = now or timezone.now()
    surveys = (
        SurveyPage.objects.live()
        .filter(Q(opens_at__isnull=True) | Q(opens_at__lte=now))
        .filter(Q(closes_at__isnull=True) | Q(closes_at__gt=now))
        .filter(audience__in=audiences_for(user))
        .exclude(pk__in=SurveyResponse.objects.filter(user=user).values("survey_id"))
        .exclude(pk__in=Participation.objects.filter(user=user).values("survey_id"))
        .order_by("closes_at", "-first_published_at")
    )
    return visible_pages(surveys, user)


@hooks.register("portal_home_sections")
def open_surveys_section(request, home_page):
    if not request.user.is_authenticated:
        return None
    surveys = list(open_surveys_for(request.user)[:HOME_SURVEYS_LIMIT])
    if not surveys:
        return None
    return {
        "order": 30,
        "template": "surveys/includes/home_open_surveys.html",
        "context": {"surveys": surveys},
    }


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


class SurveyResponseAdmin(ModelAdmin):
    """Responses per survey (filter by survey), a response's detail, deletion with confirmation."""

    model = SurveyResponse
    menu_label = _("Réponses aux questionnaires")
    menu_icon = "form"
    menu_order = 300
    add_to_settings_menu = False
    list_display = ("survey", "pk", "submitted_at", "respondent")
    list_filter = (SurveyListFilter, "submitted_on")
    search_fields = ("survey__title", "user__username", "user__last_name")
    inspect_view_enabled = True
    inspect_view_fields = ("survey", "submitted_at", "updated_at")
    inspect_template_name = "surveys/admin/response_inspect.html"
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
