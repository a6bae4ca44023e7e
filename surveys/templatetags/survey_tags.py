from django import template

register = template.Library()


@register.filter
def bar_width(ratio):
    """A bar's length in percent for a CSS width (dot decimal whatever the locale)."""
    return f"{max(0.0, min(1.0, float(ratio))) * 100:.1f}"
