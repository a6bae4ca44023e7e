"""The project's base for wagtail-modeladmin listings: guarded views, French labels, clean columns.

wagtail-modeladmin guards its index, create, edit, delete and inspect views, but not the
history view: anyone with admin access could read a contact's name at
``/admin/<app>/<model>/history/<id>/``. Every ModelAdmin of the project derives from
:class:`PortalModelAdmin`, whose history view asks the same question as the listing.

The listings are French throughout: ``django.contrib.admin`` (and its translations) is not
installed, so its date filter would say "Any date" and its boolean columns would ask for
``/static/admin/img/icon-yes.svg``; wagtail-modeladmin's French says "Ajouter un(e) contact".
:func:`yes_no`, :class:`FrenchDateFilter` and ``add_label`` fix those.
"""

from django.contrib.admin import DateFieldListFilter
from django.utils.translation import gettext_lazy as _

from wagtail_modeladmin.helpers import ButtonHelper
from wagtail_modeladmin.options import ModelAdmin
from wagtail_modeladmin.views import HistoryView

DATE_FILTER_LABELS = {
    "Any date": _("Toutes les dates"),
    "Today": _("Aujourd'hui"),
    "Past 7 days": _("Les 7 derniers jours"),
    "This month": _("Ce mois-ci"),
    "This year": _("Cette année"),
    "No date": _("Sans date"),
    "Has date": _("Avec une date"),
}


class FrenchDateFilter(DateFieldListFilter):
    """Django's date filter with French choices (its own translations ship with the admin)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.links = tuple(
            (DATE_FILTER_LABELS.get(str(label), label), params) for label, params in self.links
        )


def yes_no(field_name, label):
    """A boolean column as French text ("Oui" / "Non"), sortable, with no image to load."""

    def column(obj):
        return _("Oui") if getattr(obj, field_name) else _("Non")

    column.short_description = label
    column.admin_order_field = field_name
    column.__name__ = f"{field_name}_text"
    return column


class GuardedHistoryView(HistoryView):
    def check_action_permitted(self, user):
        return self.permission_helper.user_can_list(user)


class PortalButtonHelper(ButtonHelper):
    """The "add" button says what the ModelAdmin's ``add_label`` says ("Ajouter un contact")."""

    def add_button(self, *args, **kwargs):
        button = super().add_button(*args, **kwargs)
        label = getattr(self.view.model_admin, "add_label", None)
        if label:
            button["label"] = button["title"] = label
        return button


class PortalModelAdmin(ModelAdmin):
    history_view_class = GuardedHistoryView
    button_helper_class = PortalButtonHelper
    # "Ajouter un contact", "Ajouter une organisation": French has genders.
    add_label = None
