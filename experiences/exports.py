"""The network exports' rows rebuilt from a serialisable description, for export jobs.

``portal.exports`` writes an export too big for a request in a job; the job calls
:func:`network_rows` with the model's name and the request's GET parameters, and gets the rows
the request would have streamed (same admin FilterSet, same resource).
"""

from django.utils.datastructures import MultiValueDict

from portal.exports import resource_columns, resource_rows

from .filters import admin_filterset
from .resources import RESOURCES


def network_rows(model_name, params):
    """``(headers, rows)`` of the organisations' or contacts' export for these GET parameters
    (a dict of lists)."""
    resource_class = RESOURCES[model_name]
    filterset = admin_filterset(MultiValueDict(params), resource_class._meta.model.objects.all())
    resource = resource_class()
    queryset = resource_class.export_queryset(filterset.qs)
    return resource_columns(resource), resource_rows(resource, queryset)
