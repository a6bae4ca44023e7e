"""Survey views, reached through SurveyPage's routes (so Wagtail's page rules apply first)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.forms.utils import ErrorDict
from django.http import HttpResponseNotAllowed, QueryDict
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from portal.access import can_view_page, is_coordinator, require_coordination
from portal.exports import export_response
from surveys import reminders, submission
from surveys.choices import ResultsVisibility
from surveys.exports import responses_table, result_columns, typed_result_rows
from surveys.filters import ResponseFilterSet
from surveys.forms import SurveyForm, initial_from_answers, session_label
from surveys.results import compute_results


def subpage_url(survey, name, *args):
    return survey.url + survey.reverse_subpage(name, args=args)


def _context(request, survey, **extra):
    context = survey.get_context(request)
    context.update(extra)
    context["can_see_results"] = can_see_results(request.user, survey)
    context["results_url"] = subpage_url(survey, "results")
    return context


def answer_view(request, survey):
    if request.method not in ("GET", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    user = request.user
    questions = survey.ordered_questions()
    state = None
    if not submission.in_audience(user, survey):
        state = "audience"
    elif survey.not_yet_open():
        state = "not_open"
    elif not survey.is_open():
        state = "closed"

    existing = submission.own_response(user, survey) if state is None else None
    if (
        state is None
        and existing is None
        and survey.one_response_per_person
        and submission.has_answered(user, survey)
    ):
        state = "answered"

    if state is not None:
        if request.method == "POST":
            messages.error(request, _("Votre réponse n'a pas pu être enregistrée."))
        status = 403 if request.method == "POST" else 200
        return TemplateResponse(
            request,
            "surveys/survey_page.html",
            _context(request, survey, state=state),
            status=status,
        )

    sessions = survey.sessions() if survey.evaluated_page_id else None
    form_options = {
        "questions": questions,
        "sessions": sessions,
        "ask_session": survey.ask_session,
        "allow_empty": survey.allow_empty,
    }
    extra = {}
    if request.method == "POST":
        form = SurveyForm(request.POST, **form_options)
        valid = form.is_valid()
        action = request.POST.get("action", "envoyer")
        navigating = action in ("suivant", "precedent") and len(survey.steps(questions)) > 1
        confirming = valid and form.soft_missing and not request.POST.get("confirmer")
        if valid and not navigating and not confirming:
            try:
                submission.save_response(
                    survey,
                    user,
                    form.answer_rows(),
                    form_token=form.cleaned_data.get("form_token"),
                    session=form.cleaned_data.get("seance"),
                    existing=existing,
                    questions=questions,
                )
            except submission.InvalidFormToken:
                form.reject_token()
            except submission.AlreadyAnswered:
                return TemplateResponse(
                    request,
                    "surveys/survey_page.html",
                    _context(request, survey, state="answered"),
                    status=409,
                )
            else:
                return redirect(subpage_url(survey, "thanks"))
        steps = form.steps()
        step = _step_number(request.POST.get("etape"), steps)
        if navigating:
            names = set(steps[step]["names"])
            if action == "suivant" and any(name in form.errors for name in names):
                # Only this step's mistakes are shown; later steps are checked when reached.
                _keep_errors(form, names)
            else:
                step = _next_step(steps, step, 1 if action == "suivant" else -1)
                _keep_errors(form, set())
                draft = submission.save_draft(survey, user, _draft_data(request.POST), step)
                extra["draft_saved"] = draft is not None
        elif confirming:
            # Soft-required questions left empty: ask once, the next send goes through.
            extra["confirm"] = form.soft_missing
            step = _step_of(steps, form.soft_missing[0].field_name, step)
        elif not valid:
            first_error = next((name for name in form.errors if name != "__all__"), None)
            if first_error is not None and len(steps) > 1:
                step = _step_of(steps, first_error, step)
                _keep_errors(form, {*steps[step]["names"], "__all__", "seance"})
    else:
        initial = initial_from_answers(questions, existing.answers.all()) if existing else {}
        if existing is not None and existing.session_id:
            initial["seance"] = existing.session_id
        elif sessions is not None and request.GET.get("seance", "").isdigit():
            # Only a session of the evaluated module is kept (validated again on post).
            initial["seance"] = (
                sessions.filter(pk=request.GET["seance"]).values_list("pk", flat=True).first()
            )
        draft = submission.get_draft(survey, user) if existing is None else None
        if draft is not None and request.GET.get("reprendre"):
            data = QueryDict(mutable=True)
            for name, values in draft.data.items():
                data.setlist(name, values)
            form = SurveyForm(data, **form_options)
            _keep_errors(form, set())
            steps = form.steps()
            step = _step_number(str(draft.step), steps)
            extra["resumed"] = True
        else:
            form = SurveyForm(initial=initial, **form_options)
            steps = form.steps()
            step = 0
            extra["draft"] = draft
    return TemplateResponse(
        request,
        "surveys/survey_page.html",
        _context(
            request,
            survey,
            form=form,
            editing=existing is not None,
            **_step_context(form, steps, step),
            **extra,
        ),
    )


# Steps -----------------------------------------------------------------------------------


def _step_number(raw, steps):
    number = int(raw) if (raw or "").isdigit() else 0
    return max(0, min(number, len(steps) - 1))


def _next_step(steps, step, direction):
    """The next step with a question shown, in ``direction`` (steps all hidden are skipped)."""
    candidate = step + direction
    while 0 <= candidate < len(steps):
        if steps[candidate]["shown"]:
            return candidate
        candidate += direction
    return step


def _step_of(steps, name, default):
    for index, step in enumerate(steps):
        if name in step["names"]:
            return index
    return default


def _keep_errors(form, names):
    """Keep only the errors of ``names`` (the current step's fields) on a validated form."""
    errors = ErrorDict()
    for name in names:
        if name in form.errors:
            errors[name] = form.errors[name]
    form._errors = errors


def _draft_data(post):
    return {
        name: post.getlist(name)
        for name in post
        if name not in ("csrfmiddlewaretoken", "action", "etape", "confirmer")
    }


def _step_context(form, steps, step):
    """The current step, its questions, and the other steps' values as hidden inputs."""
    current = steps[step]
    in_step = set(current["names"])
    carried = []
    for index, other in enumerate(steps):
        if index == step:
            continue
        for name in other["names"]:
            value = form[name].value()
            for item in value if isinstance(value, (list, tuple)) else [value]:
                if item not in (None, ""):
                    carried.append((name, item))
    for item in current["questions"]:
        # A question whose condition depends on an earlier step is decided on the server;
        # one depending on this step stays in the page (hidden live by the script, and its
        # answer discarded on the server when the condition is not met).
        source_here = item.get("show_if_field") and any(
            name == item["show_if_field"] for name in in_step
        )
        item["hide_now"] = item["hidden"] and not source_here
    shown_steps = [index for index, other in enumerate(steps) if other["shown"] or index == step]
    return {
        "steps": steps,
        "step": current,
        "step_index": step,
        "step_position": shown_steps.index(step) + 1,
        "step_count": len(shown_steps),
        "is_first_step": not any(index < step for index in shown_steps),
        "is_last_step": not any(index > step for index in shown_steps),
        "carried": carried,
    }


def thanks_view(request, survey):
    return TemplateResponse(request, "surveys/survey_thanks.html", _context(request, survey))


# Results ---------------------------------------------------------------------------------


def can_see_results(user, survey):
    if is_coordinator(user):
        return True
    if survey.results_visibility == ResultsVisibility.READERS:
        return True
    if survey.results_visibility == ResultsVisibility.RESPONDENTS:
        return submission.has_answered(user, survey)
    return False


def _results_or_refuse(request, survey):
    if not can_see_results(request.user, survey):
        raise PermissionDenied(_("Les résultats de ce questionnaire ne vous sont pas ouverts."))
    filterset = ResponseFilterSet(request.GET, survey)
    questions = survey.ordered_questions()
    text_pages = {key: value for key, value in request.GET.items() if key.startswith("q_")}
    results = compute_results(survey, questions, filterset.values(), text_pages)
    hidden = survey.anonymous and results.total < survey.min_responses_for_results
    return results, filterset, hidden


def results_view(request, survey):
    results, filterset, hidden = _results_or_refuse(request, survey)
    coordinator = is_coordinator(request.user)
    reminder = reminders.reminder_of(survey) if coordinator else None
    query = request.GET.copy()
    for key in [key for key in query if key.startswith("q_")]:
        del query[key]
    return TemplateResponse(
        request,
        "surveys/survey_results.html",
        _context(
            request,
            survey,
            results=None if hidden else results,
            total=results.total,
            hidden=hidden,
            filters=filterset.values(),
            filter_errors=filterset.messages(),
            sessions=[
                {"pk": session.pk, "label": session_label(session)} for session in survey.sessions()
            ],
            can_export=coordinator,
            reminder_text=reminder_summary(reminder) if reminder else "",
            remind_url=subpage_url(survey, "remind"),
            breadcrumb_pages=_breadcrumb_pages(request, survey),
            query=query.urlencode(),
            export_urls={
                "results_csv": subpage_url(survey, "results_export", "csv"),
                "results_xlsx": subpage_url(survey, "results_export", "xlsx"),
                "results_json": subpage_url(survey, "results_export", "json"),
                "csv": subpage_url(survey, "responses_export", "csv"),
                "xlsx": subpage_url(survey, "responses_export", "xlsx"),
                "json": subpage_url(survey, "responses_export", "json"),
            },
        ),
    )


def _require_exporter(request):
    """The door of every export: portal.access's coordination door."""
    require_coordination(
        request.user, message=_("Les exports sont réservés à l'équipe Coordination.")
    )


def results_export_view(request, survey, fmt):
    _require_exporter(request)
    results, filterset, hidden = _results_or_refuse(request, survey)
    if hidden:
        raise PermissionDenied(_("Pas assez de réponses pour publier ces résultats."))
    rows = list(typed_result_rows(results))  # a few lines per question, not per response
    return export_response(
        request,
        fmt=fmt,
        what=f"Résultats – {survey.title}",
        headers=result_columns(),
        rows=rows,
        row_count=len(rows),
        filters=filterset.log_values(),
    )


def responses_export_view(request, survey, fmt):
    _require_exporter(request)
    filterset = ResponseFilterSet(request.GET, survey)
    count = filterset.qs.count()
    if survey.anonymous and count < survey.min_responses_for_results:
        raise PermissionDenied(_("Pas assez de réponses pour exporter un questionnaire anonyme."))
    headers, rows = responses_table(survey, filterset)
    return export_response(
        request,
        fmt=fmt,
        what=f"Réponses – {survey.title}",
        headers=headers,
        rows=rows,
        row_count=count,
        filters={"survey": survey.pk, **filterset.log_values()},
        # Above EXPORT_INLINE_MAX_ROWS rows, a job rebuilds the same rows (portal.exports).
        source=("surveys.exports.responses_export_rows", [survey.pk, dict(request.GET.lists())]),
    )


def _breadcrumb_pages(request, survey):
    """The survey's ancestors from the home page down, then the survey: the pages routing
    has just fetched (their cached parents), so the breadcrumbs cost no query. Partners never
    read the title of a page they may not open."""
    chain, page = [survey], survey
    while page.depth > 2:
        page = getattr(page, "_cached_parent_obj", None)
        if page is None:  # not reached through routing: ask the database
            chain = [*survey.get_ancestors().filter(depth__gte=2).specific(), survey]
            break
        chain.insert(0, page)
    return [page for page in chain if page.live and can_view_page(request.user, page)]


# Reminder ----------------------------------------------------------------------------------


def reminder_summary(reminder):
    """« Rappel envoyé le 3 mars 2026 à 10:15 par Camille Martin à 12 personnes. »"""
    who = (
        reminder.sent_by.get_full_name() or reminder.sent_by.get_username()
        if reminder.sent_by
        else _("un compte supprimé")
    )
    when = formats.date_format(timezone.localtime(reminder.created_at), "j F Y à H:i")
    if reminder.sent_at is None:
        return ngettext(
            "Rappel demandé le %(when)s par %(who)s pour %(count)s personne : envoi en cours.",
            "Rappel demandé le %(when)s par %(who)s pour %(count)s personnes : envoi en cours.",
            reminder.recipient_count,
        ) % {"when": when, "who": who, "count": reminder.recipient_count}
    return ngettext(
        "Rappel envoyé le %(when)s par %(who)s à %(count)s personne.",
        "Rappel envoyé le %(when)s par %(who)s à %(count)s personnes.",
        reminder.sent_count,
    ) % {"when": when, "who": who, "count": reminder.sent_count}


def _nobody_left(attendees):
    if attendees:
        return _(
            "Personne à relancer : les personnes notées présentes aux séances du module ont "
            "toutes répondu, ou aucune présence n'est encore notée."
        )
    return _("Tout le monde a répondu : personne à relancer.")


def _recipients_sentence(survey, count, attendees):
    if count == 0:
        return _nobody_left(attendees)
    if submission.knows_who_answered(survey):
        return ngettext(
            "%(count)s personne n'a pas encore répondu.",
            "%(count)s personnes n'ont pas encore répondu.",
            count,
        ) % {"count": count}
    return ngettext(
        "Ce questionnaire anonyme ne garde pas qui a répondu : le rappel ira à la personne de "
        "son public, avec « Si vous avez déjà répondu, merci ».",
        "Ce questionnaire anonyme ne garde pas qui a répondu : le rappel ira aux %(count)s "
        "personnes de son public, avec « Si vous avez déjà répondu, merci ».",
        count,
    ) % {"count": count}


def remind_view(request, survey):
    """A coordinator reminds the people who have not answered: a confirmation showing how many
    people will receive the e-mail, then one sending per survey (surveys/reminders.py)."""
    require_coordination(
        request.user, message=_("Les rappels sont envoyés par l'équipe Coordination.")
    )
    if request.method not in ("GET", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    reminder = reminders.reminder_of(survey)
    is_open = survey.is_open()
    attendees = reminders.asks_attendees(survey)
    count = 0
    if reminder is None and is_open:
        count = reminders.recipients(survey, attendees).count()
    refusal = None
    if reminder is not None:
        refusal = _("Un seul rappel par questionnaire : il a déjà été envoyé.")
    elif not is_open:
        refusal = _("Ce questionnaire n'est pas ouvert : pas de rappel possible.")
    elif count == 0:
        refusal = _nobody_left(attendees)
    status = 200
    if request.method == "POST":
        if refusal is None:
            try:
                reminders.request_reminder(survey, request.user)
            except reminders.AlreadyReminded:
                refusal = _("Un seul rappel par questionnaire : il a déjà été envoyé.")
                reminder = reminders.reminder_of(survey)
            else:
                messages.success(
                    request,
                    ngettext(
                        "Le rappel part vers %(count)s personne.",
                        "Le rappel part vers %(count)s personnes.",
                        count,
                    )
                    % {"count": count},
                )
                return redirect(subpage_url(survey, "results"))
        status = 409 if reminder is not None else 400
    return TemplateResponse(
        request,
        "surveys/survey_remind.html",
        _context(
            request,
            survey,
            reminder=reminder,
            reminder_text=reminder_summary(reminder) if reminder else "",
            refusal=refusal,
            count=count,
            sentence=_recipients_sentence(survey, count, attendees),
            to_everyone=not submission.knows_who_answered(survey),
            evaluates_sessions=attendees,
        ),
        status=status,
    )
