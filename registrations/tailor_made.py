"""Tailor-made sessions: a team's request becomes a session, its contact registers colleagues.

- A coordinator turns a « Demander un atelier sur-mesure » request (a response to a survey marked
  ``tailor_made_requests``) into a session of a module: the person who asked becomes the
  session's requesting contact and is registered, and the request records the session it
  became. All of it in one transaction, or nothing.
- The requesting contact (or the coordination) registers named colleagues who have an account,
  by e-mail, up to the session's capacity: a tailor-made session has no waiting list for them.
"""

import datetime

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail.models import Page

from pages.models import ModulePage, ModuleSession
from portal.access import (
    PARTNERS_AUDIENCE,
    SESSION_CLOSED_TO_AUDIENCE,
    audience,
    can_view_page,
    is_coordinator,
    session_access,
)
from portal.jobs import enqueue_after_commit
from surveys.models import Answer, SurveyQuestion, SurveyResponse

from .models import Registration, RegistrationStatus, TailorMadeRequest
from .services import Refused
from .tasks import send_tailor_made_session_email

TEAM_QUESTION_KIND = "short_text"


def request_responses():
    """Every request for a tailor-made workshop, newest first."""
    return (
        SurveyResponse.objects.filter(survey__tailor_made_requests=True)
        .select_related("survey", "user")
        .order_by("-submitted_at", "-pk")
    )


def describe_requests(responses):
    """Attach ``lines`` (question, answer), ``team`` and ``made_session`` to each response:
    three queries whatever the number of requests (answers, questions, sessions made)."""
    responses = list(responses)
    ids = [response.pk for response in responses]
    survey_ids = {response.survey_id for response in responses}
    questions = {}
    for question in SurveyQuestion.objects.filter(page_id__in=survey_ids).order_by(
        "page_id", "sort_order"
    ):
        questions.setdefault(question.page_id, []).append(question)
    values = {}
    for answer in Answer.objects.filter(response_id__in=ids).order_by("pk"):
        value = answer.choice or answer.keyword or answer.text
        if answer.number is not None:
            value = f"{answer.number.normalize():f}"
        elif answer.date is not None:
            value = answer.date.strftime("%d/%m/%Y")
        if answer.is_other and answer.text:
            value = answer.text
        values.setdefault((answer.response_id, answer.question_key), []).append(str(value))
    made = {
        link.response_id: link.session
        for link in TailorMadeRequest.objects.filter(response_id__in=ids).select_related(
            "session__module"
        )
    }
    for response in responses:
        response.lines = []
        response.team = ""
        for question in questions.get(response.survey_id, []):
            answer = values.get((response.pk, question.key))
            if not answer:
                continue
            text = ", ".join(answer)
            response.lines.append((question.label, text))
            if not response.team and question.kind == TEAM_QUESTION_KIND:
                response.team = text
        response.made_session = made.get(response.pk)
    return responses


def live_modules():
    return ModulePage.objects.live().order_by("title")


class ModuleChoiceField(forms.ModelChoiceField):
    """Modules named with their season (« Module – Saison 2 »): titles repeat across seasons."""

    parent_titles = {}

    def label_from_instance(self, obj):
        parent = self.parent_titles.get(obj.path[: -obj.steplen])
        return f"{obj.title} – {parent}" if parent else obj.title


class SessionFromRequestForm(forms.Form):
    """What a coordinator chooses to turn a request into a session."""

    module = ModuleChoiceField(
        label=gettext_lazy("Module"),
        queryset=ModulePage.objects.none(),
        empty_label=gettext_lazy("Choisissez un module"),
    )
    day = forms.DateField(
        label=gettext_lazy("Date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=gettext_lazy(
            "Au format jj/mm/aaaa si votre navigateur ne propose pas de calendrier."
        ),
    )
    start_time = forms.TimeField(
        label=gettext_lazy("Heure de début"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    end_time = forms.TimeField(
        label=gettext_lazy("Heure de fin"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    place = forms.CharField(label=gettext_lazy("Lieu"), max_length=200)
    room = forms.CharField(label=gettext_lazy("Salle"), max_length=120, required=False)
    capacity = forms.IntegerField(
        label=gettext_lazy("Nombre de places"),
        min_value=1,
        max_value=500,
        help_text=gettext_lazy("La personne qui a fait la demande en occupe une."),
    )
    requesting_team = forms.CharField(label=gettext_lazy("Équipe demandeuse"), max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        modules = live_modules()
        field = self.fields["module"]
        field.queryset = modules
        # The seasons' titles in one query (the choices themselves are a second one).
        field.parent_titles = dict(
            Page.objects.filter(
                path__in=[path[: -Page.steplen] for path in modules.values_list("path", flat=True)]
            ).values_list("path", "title")
        )
        self.fields["day"].input_formats = ["%Y-%m-%d", "%d/%m/%Y"]

    def clean(self):
        data = super().clean()
        day, start_time, end_time = (data.get(name) for name in ("day", "start_time", "end_time"))
        if day and start_time and end_time:
            zone = timezone.get_current_timezone()
            data["start"] = datetime.datetime.combine(day, start_time, tzinfo=zone)
            data["end"] = datetime.datetime.combine(day, end_time, tzinfo=zone)
            if data["end"] <= data["start"]:
                self.add_error("end_time", _("L'heure de fin doit suivre l'heure de début."))
            elif data["start"] <= timezone.now():
                self.add_error("day", _("La session doit avoir lieu dans le futur."))
        return data


def create_session_from_request(coordinator, response_id, data):
    """Turn the request into a tailor-made session (``data``: a valid form's cleaned data)."""
    if not is_coordinator(coordinator):
        raise Refused(_("Seule la coordination transforme une demande en session."), status=403)
    with transaction.atomic():
        response = (
            SurveyResponse.objects.select_for_update(of=("self",))
            .select_related("user", "survey")
            .filter(pk=response_id, survey__tailor_made_requests=True)
            .first()
        )
        if response is None:
            raise Refused(_("Cette demande n'existe pas ou plus."), status=404)
        if TailorMadeRequest.objects.filter(response=response).exists():
            raise Refused(_("Cette demande est déjà devenue une session."), status=409)
        contact = response.user
        if contact is None or not contact.is_active:
            raise Refused(
                _(
                    "La personne qui a fait la demande n'a plus de compte actif : elle ne peut "
                    "pas devenir le contact de la session."
                ),
                status=409,
            )
        module = ModulePage.objects.select_for_update().filter(pk=data["module"].pk).first()
        if module is None or not module.live:
            raise Refused(_("Ce module n'existe pas ou n'est pas publié."), status=404)
        if module.has_unpublished_changes:
            raise Refused(
                _(
                    "Le module « %(title)s » a des modifications non publiées : publiez-les ou "
                    "annulez-les, puis créez la session."
                )
                % {"title": module.title},
                status=409,
            )
        if not can_view_page(contact, module):
            raise Refused(
                _("La personne qui a fait la demande ne peut pas voir le module « %(title)s ».")
                % {"title": module.title},
                status=409,
            )
        last = ModuleSession.objects.filter(module=module).order_by("-sort_order").first()
        session = ModuleSession(
            module=module,
            sort_order=(last.sort_order or 0) + 1 if last else 0,
            start=data["start"],
            end=data["end"],
            place=data["place"],
            room=data.get("room", ""),
            capacity=data["capacity"],
            is_tailor_made=True,
            requesting_team=data["requesting_team"],
            requesting_contact=contact,
            open_to_partners=audience(contact) == PARTNERS_AUDIENCE,
        )
        try:
            session.clean()
        except ValidationError as error:
            raise Refused(" ".join(error.messages)) from None
        session.save()
        TailorMadeRequest.objects.create(response=response, session=session, created_by=coordinator)
        Registration.objects.create(
            session=session, user=contact, status=RegistrationStatus.REGISTERED
        )
        # Record the session in a revision of the module, so that the module's next edit or
        # publication keeps it (its sessions are part of the page). The module had no draft
        # (checked above): this republishes its live content plus the session. Coordination
        # may create tailor-made sessions without holding Wagtail's page publishing right.
        module.save_revision(user=coordinator).publish(
            user=coordinator, skip_permission_checks=True
        )
        enqueue_after_commit(send_tailor_made_session_email, session.pk)
    return session


def is_team_contact(user, session):
    """Who registers the team to a tailor-made session: its contact, and the coordination."""
    return bool(
        session.is_tailor_made
        and getattr(user, "is_authenticated", False)
        and (session.requesting_contact_id == user.pk or is_coordinator(user))
    )


def register_colleague(contact, session_id, email, now=None):
    """The requesting contact registers a colleague who has an account, while places last."""
    now = now or timezone.now()
    email = (email or "").strip()
    try:
        forms.EmailField().clean(email)
    except forms.ValidationError:
        raise Refused(_("Indiquez une adresse électronique valide.")) from None
    with transaction.atomic():
        session = (
            ModuleSession.objects.select_for_update(of=("self",))
            .select_related("module")
            .filter(pk=session_id)
            .first()
        )
        if session is None or not session.module.live:
            raise Refused(_("Cette session n'existe pas ou plus."), status=404)
        if not is_team_contact(contact, session):
            raise Refused(
                _(
                    "Seul le contact de l'équipe demandeuse (ou la coordination) inscrit des "
                    "collègues à une session sur-mesure."
                ),
                status=403,
            )
        if session.start <= now:
            raise Refused(_("Cette session a déjà commencé ou est passée : inscription fermée."))
        colleague = get_user_model().objects.filter(email__iexact=email, is_active=True).first()
        if colleague is None:
            raise Refused(
                _(
                    "Aucun compte actif du portail ne correspond à l'adresse %(email)s : la "
                    "personne doit d'abord avoir un compte."
                )
                % {"email": email},
            )
        if session_access(colleague, session, session.module) == SESSION_CLOSED_TO_AUDIENCE:
            raise Refused(
                _(
                    "%(name)s ne peut pas s'inscrire à cette session : elle n'est pas ouverte "
                    "à son public."
                )
                % {"name": colleague.get_full_name() or colleague.get_username()},
                status=403,
            )
        if Registration.objects.active().filter(session=session, user=colleague).exists():
            raise Refused(
                _("%(name)s est déjà inscrit ou inscrite à cette session.")
                % {"name": colleague.get_full_name() or colleague.get_username()},
                status=409,
            )
        taken = Registration.objects.registered().filter(session=session).count()
        if session.capacity is not None and taken >= session.capacity:
            raise Refused(
                _(
                    "La session est complète (%(capacity)s places) : aucune inscription de plus "
                    "n'est possible."
                )
                % {"capacity": session.capacity},
                status=409,
            )
        try:
            with transaction.atomic():
                return Registration.objects.create(
                    session=session, user=colleague, status=RegistrationStatus.REGISTERED
                )
        except IntegrityError:
            raise Refused(
                _("Cette personne est déjà inscrite à cette session."), status=409
            ) from None
