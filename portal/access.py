"""Intranet access rules: who may see what.

- Every URL requires a signed-in user (Django's LoginRequiredMiddleware); the few public views
  (login, password reset, health check) are marked ``@login_not_required``.
- The Wagtail admin is for Communication and Coordination (``wagtailadmin.access_admin``); any
  other signed-in user gets a clear 403 page instead of a redirect loop to the login form.
- Closed by default: a signed-in account in no role (an administrator forgot its group, or a
  first ProConnect sign-in) sees only a French page asking to contact the coordination
  (:class:`RoleRequiredMiddleware`), and is treated as the most restricted audience everywhere.
- Partners (external) see only pages marked ``visible_to_partners``. The same rule filters page
  views (``before_serve_page`` hook), menus, listings and search through :func:`visible_pages`.
"""

from functools import wraps

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import render
from django.urls import Resolver404, resolve, reverse
from django.utils.translation import gettext as _

from portal.cache import ROLES_TTL, roles_key
from portal.roles import AGENTS, COMMUNICATION, COORDINATION, PARTNERS

INTERNAL_ROLES = frozenset({AGENTS, COMMUNICATION, COORDINATION})


def user_roles(user):
    """The names of the user's role groups (cached; forgotten when their groups change)."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    cached = getattr(user, "_portal_roles", None)
    if cached is None:
        names = cache.get_or_set(
            roles_key(user.pk),
            lambda: sorted(user.groups.values_list("name", flat=True)),
            ROLES_TTL,
        )
        cached = frozenset(names)
        user._portal_roles = cached
    return cached


AGENTS_AUDIENCE = "agents"
PARTNERS_AUDIENCE = "partners"


def audience(user):
    """Whom the user reads as: ``"agents"`` (internal roles, superusers), ``"partners"``, or
    ``None`` for an account in no role, which may read nothing."""
    if not getattr(user, "is_authenticated", False):
        return None
    if user.is_superuser:
        return AGENTS_AUDIENCE
    roles = user_roles(user)
    if roles & INTERNAL_ROLES:
        return AGENTS_AUDIENCE
    if PARTNERS in roles:
        return PARTNERS_AUDIENCE
    return None


def reader_audiences(user):
    """Every audience whose content ``user`` may read or answer: agents, partners, both (a
    superuser, or someone holding both kinds of role), or none (no role, not signed in)."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    if user.is_superuser:
        return frozenset({AGENTS_AUDIENCE, PARTNERS_AUDIENCE})
    roles = user_roles(user)
    audiences = set()
    if roles & INTERNAL_ROLES:
        audiences.add(AGENTS_AUDIENCE)
    if PARTNERS in roles:
        audiences.add(PARTNERS_AUDIENCE)
    return frozenset(audiences)


def audience_members(survey_audience):
    """Active accounts reading as ``survey_audience`` ("agents", "partners" or "both"): the
    people a survey or a page for that audience speaks to (the rule of reader_audiences)."""
    roles = {AGENTS_AUDIENCE: INTERNAL_ROLES, PARTNERS_AUDIENCE: {PARTNERS}}.get(
        survey_audience, INTERNAL_ROLES | {PARTNERS}
    )
    return (
        get_user_model()
        .objects.filter(Q(is_superuser=True) | Q(groups__name__in=roles), is_active=True)
        .distinct()
    )


def can_access_admin(user):
    """Whether to offer the admin link: superusers, Communication and Coordination."""
    if not getattr(user, "is_authenticated", False):
        return False
    return user.is_superuser or bool(user_roles(user) & {COMMUNICATION, COORDINATION})


def is_partner_only(user):
    """True for anyone who does not read as an agent: partners, and (closed by default) any
    account in no role. They see only partner-visible content, at most."""
    if not getattr(user, "is_authenticated", False):
        return False
    return audience(user) != AGENTS_AUDIENCE


def is_coordinator(user):
    return bool(
        getattr(user, "is_authenticated", False)
        and (user.is_superuser or COORDINATION in user_roles(user))
    )


def require_coordination(user, permission=None, message=None):
    """The door of every coordination-only view (exports, imports, attendance, results kept for
    the coordination): members of Coordination and superusers pass, and, when ``permission`` is
    given, anyone an administrator granted that permission. Everyone else: a French 403."""
    if is_coordinator(user) or (
        permission and getattr(user, "is_authenticated", False) and user.has_perm(permission)
    ):
        return
    raise PermissionDenied(message or _("Cette page est réservée à l'équipe Coordination."))


def coordination_required(view=None, *, permission=None, message=None):
    """Decorator form of :func:`require_coordination`, with or without arguments."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            require_coordination(request.user, permission, message)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator(view) if view is not None else decorator


def coordinators():
    """Active members of the Coordination team (recipients of its notifications)."""
    return get_user_model().objects.filter(groups__name=COORDINATION, is_active=True)


def can_view_page(user, page):
    """The one rule for pages: partners only see pages marked visible to partners, and an
    account in no role sees none."""
    reader = audience(user)
    if reader is None:
        return False
    if reader == PARTNERS_AUDIENCE:
        return bool(getattr(page, "visible_to_partners", False))
    return True


# Sessions (registrations): who may register, who keeps the attendance sheet ---------------

SESSION_OPEN = "open"
SESSION_CLOSED_TO_AUDIENCE = "closed_to_audience"
SESSION_TAILOR_MADE = "tailor_made"


def session_access(user, session, page):
    """Whether ``user`` may register for ``session`` (a module's session) shown on ``page``.

    The same rule as pages, one step further: the reader must see the module page; partners
    only sessions opened to partners; a tailor-made session only its requesting team's contact
    and the coordination. Returns ``SESSION_OPEN`` or the reason for refusing.
    """
    if not can_view_page(user, page):
        return SESSION_CLOSED_TO_AUDIENCE
    if audience(user) == PARTNERS_AUDIENCE and not getattr(session, "open_to_partners", False):
        return SESSION_CLOSED_TO_AUDIENCE
    if getattr(session, "is_tailor_made", False):
        contact_id = getattr(session, "requesting_contact_id", None)
        if not (is_coordinator(user) or (contact_id and contact_id == user.pk)):
            return SESSION_TAILOR_MADE
    return SESSION_OPEN


def sessions_access(user, sessions, page):
    """:func:`session_access` of each of ``sessions`` (a list shown on ``page``), in order;
    the rule runs once per distinct value of the session fields it reads (a module may list
    fifty sessions)."""
    results, known = [], {}
    for session in sessions:
        key = (
            getattr(session, "open_to_partners", False),
            getattr(session, "is_tailor_made", False),
            getattr(session, "requesting_contact_id", None),
        )
        if key not in known:
            known[key] = session_access(user, session, page)
        results.append(known[key])
    return results


def visible_sessions(queryset, user):
    """Cut a queryset of sessions down to those ``user`` may read: partners see the sessions
    opened to them (on pages they may read, filtered by the caller), no role sees none."""
    return records_for_audience(queryset, audience(user), partner_field="open_to_partners")


def can_keep_attendance(user, facilitator_user_ids):
    """Attendance sheets: the coordination, and the module's facilitators who have an account
    (``facilitator_user_ids``, the accounts linked to the module's facilitators)."""
    if not getattr(user, "is_authenticated", False) or audience(user) is None:
        return False
    return is_coordinator(user) or user.pk in set(facilitator_user_ids)


def partner_hidden_pages_q():
    """A Q matching every page that is not visible to partners, in one SQL query."""
    from wagtail.models import get_page_models

    condition = Q(pk__in=[])
    for model in get_page_models():
        # The portal's page types (portal.models.PortalPage) carry the flag on their own table.
        if _has_own_field(model, "visible_to_partners"):
            condition |= Q(pk__in=model.objects.filter(visible_to_partners=False).values("pk"))
    return condition


def _has_own_field(model, name):
    return any(field.name == name for field in model._meta.local_concrete_fields)


def visible_pages(queryset, user):
    """Filter any page queryset down to what ``user`` may see (menus, listings, search).

    Closed by default: an account in no role (or no account) sees no page at all.
    """
    reader = audience(user)
    if reader is None:
        return queryset.none()
    if reader == PARTNERS_AUDIENCE:
        return queryset.exclude(partner_hidden_pages_q())
    return queryset


def visible_page_list(pages, user):
    """:func:`visible_pages` for pages already read (plain ``Page`` rows, in a list): the same
    rule, or ``None`` when it needs the pages' own types (partners), for the caller to query."""
    reader = audience(user)
    if reader is None:
        return []
    if reader == PARTNERS_AUDIENCE:
        return None
    return list(pages)


def visible_records(queryset, user):
    """Cut any queryset of a model with ``visible_to_partners`` (organisations, contacts…) down
    to what ``user`` may see: everything for agents, the records marked visible for partners,
    nothing for an account in no role. The one rule for lists, the map, GeoJSON and exports."""
    return records_for_audience(queryset, audience(user))


def records_for_audience(queryset, reader, partner_field="visible_to_partners"):
    """:func:`visible_records` for an audience rather than a person (``"agents"``,
    ``"partners"`` or ``None``): what one search index or one cache may hold for all of them.
    ``partner_field`` names the model's "open to partners" flag."""
    if reader is None:
        return queryset.none()
    if reader == PARTNERS_AUDIENCE:
        return queryset.filter(**{partner_field: True})
    return queryset


def may_read_file(user, obj):
    """The one rule for uploaded files (documents, images): whoever may manage that kind of
    file, or may read at least one live page that uses it (Wagtail's reference index knows
    which). An unused file, or one used only on pages hidden from the reader, is refused, so
    that guessing an id or a file name reveals nothing."""
    from wagtail.models import Page, ReferenceIndex
    from wagtail.permissions import policy_registry

    if audience(user) is None:
        return False
    policy = policy_registry.get_by_type(type(obj))
    if policy is not None and policy.user_has_any_permission(user, ["add", "change", "delete"]):
        return True
    page_ids = [
        int(object_id)
        for object_id in ReferenceIndex.get_references_to(obj)
        .filter(base_content_type=ContentType.objects.get_for_model(Page))
        .values_list("object_id", flat=True)
        if object_id.isdigit()
    ]
    pages = Page.objects.live().filter(pk__in=page_ids)
    return bool(page_ids) and visible_pages(pages, user).exists()


class AdminAccessMiddleware:
    """Refuse the Wagtail admin with a 403 page to signed-in users without admin access."""

    def __init__(self, get_response):
        self.get_response = get_response
        self._prefix = None

    def __call__(self, request):
        if self._prefix is None:
            self._prefix = reverse("wagtailadmin_home")
        user = getattr(request, "user", None)
        if (
            request.path.startswith(self._prefix)
            and user is not None
            and user.is_authenticated
            and not user.has_perm("wagtailadmin.access_admin")
        ):
            raise PermissionDenied(
                _(
                    "Votre compte n'a pas accès à l'espace d'administration. Il est réservé "
                    "aux équipes Communication et Coordination."
                )
            )
        return self.get_response(request)


# URL names an account in no role may still use: sign out, change its password, read the
# accessibility statement. Everything else answers the "no role yet" page.
NO_ROLE_ALLOWED_URL_NAMES = frozenset(
    {
        "login",
        "logout",
        "password_change",
        "password_change_done",
        "password_reset",
        "password_reset_done",
        "password_reset_confirm",
        "password_reset_complete",
        "healthz",
        "accessibility_statement",
        "oidc_authentication_init",
        "oidc_authentication_callback",
    }
)


class RoleRequiredMiddleware:
    """Closed by default: a signed-in account in no role gets the 403 "no role yet" page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and audience(user) is None
            and not user.has_perm("wagtailadmin.access_admin")
        ):
            try:
                match = resolve(request.path_info)
            except Resolver404:
                match = None
            if match is None or match.url_name not in NO_ROLE_ALLOWED_URL_NAMES:
                return render(request, "portal/no_role.html", status=403)
        return self.get_response(request)
