"""The network exports (organisations, contacts): one definition of what they hold, shared by
the request and by the job that writes an export too big for a request (``portal.exports``).
"""

from django.utils.datastructures import MultiValueDict

from portal.exports import resource_columns, resource_rows

from .filters import admin_filterset
from .resources import RESOURCES


def network_export(model_name, params):
    """``(resource, queryset, filterset)`` of the organisations' or contacts' export for these
    GET parameters: the admin list's FilterSet, the model's export resource and its rows."""
    resource_class = RESOURCES[model_name]
    filterset = admin_filterset(params, resource_class._meta.model.objects.all())
    return resource_class(), resource_class.export_queryset(filterset.qs), filterset


def network_rows(model_name, params):
    """``(headers, rows)`` of that export for GET parameters as a dict of lists: what the job
    writes, the rows the request would have streamed."""
    resource, queryset, _filterset = network_export(model_name, MultiValueDict(params))
    return resource_columns(resource), resource_rows(resource, queryset)
