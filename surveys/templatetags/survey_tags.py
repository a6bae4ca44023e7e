from django import template

register = template.Library()


@register.filter
def get_other(form, name):
    """The "Autre, précisez" field that goes with a question, if the question offers it."""
    return form[name] if name in form.fields else None


@register.filter
def bar_width(ratio):
    """A bar's length in percent for a CSS width (dot decimal whatever the locale)."""
    return f"{max(0.0, min(1.0, float(ratio))) * 100:.1f}"
