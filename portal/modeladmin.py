"""The project's base for wagtail-modeladmin listings: every view checks the listing's rights.

wagtail-modeladmin guards its index, create, edit, delete and inspect views, but not the
history view: anyone with admin access could read a contact's name at
``/admin/<app>/<model>/history/<id>/``. Every ModelAdmin of the project derives from
:class:`PortalModelAdmin`, whose history view asks the same question as the listing.
"""

from wagtail_modeladmin.options import ModelAdmin
from wagtail_modeladmin.views import HistoryView


class GuardedHistoryView(HistoryView):
    def check_action_permitted(self, user):
        return self.permission_helper.user_can_list(user)


class PortalModelAdmin(ModelAdmin):
    history_view_class = GuardedHistoryView
