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
from wagtail_modeladmin.views import CreateView, DeleteView, HistoryView

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
    """Django's date filter with French choices, whether or not the admin's catalogue loads."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        labels = list(DATE_FILTER_LABELS.values())
        self.links = tuple(
            (labels[index] if index < len(labels) else label, params)
            for index, (label, params) in enumerate(self.links)
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


class PortalCreateView(CreateView):
    def get_meta_title(self):
        return self.model_admin.add_label or super().get_meta_title()


class PortalDeleteView(DeleteView):
    """ "Supprimer « Ville de Bischheim » ?" rather than "ce/cette organisation"."""

    def get_meta_title(self):
        return _("Supprimer « %(object)s »") % {"object": self.instance}

    def confirmation_message(self):
        return _(
            "Voulez-vous vraiment supprimer « %(object)s » ? Ce qui s'y rattache dans le portail "
            "peut aussi être touché."
        ) % {"object": self.instance}


class PortalButtonHelper(ButtonHelper):
    """The "add" button says what the ModelAdmin's ``add_label`` says ("Ajouter un contact")."""

    def add_button(self, *args, **kwargs):
        button = super().add_button(*args, **kwargs)
        label = getattr(self.view.model_admin, "add_label", None)
        if label:
            button["label"] = button["title"] = label
        return button

    def _named(self, button, obj):
        """A row button's title names its object: « Modifier « Ville de Bischheim » »."""
        button["title"] = _("%(action)s « %(object)s »") % {
            "action": button["label"],
            "object": obj,
        }
        return button

    def get_buttons_for_obj(self, obj, *args, **kwargs):
        return [
            self._named(button, obj) for button in super().get_buttons_for_obj(obj, *args, **kwargs)
        ]

    def get_primary_button(self, obj):
        button = super().get_primary_button(obj)
        return self._named(button, obj) if button else button


class PortalModelAdmin(ModelAdmin):
    history_view_class = GuardedHistoryView
    create_view_class = PortalCreateView
    delete_view_class = PortalDeleteView
    button_helper_class = PortalButtonHelper
    # "Ajouter un contact", "Ajouter une organisation": French has genders.
    add_label = None
