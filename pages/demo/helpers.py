"""Idempotent page creation for the demo content, through the app's factories."""

from pages.factories import PersonFactory, TestimonialFactory
from pages.models import Testimonial


def ensure_page(factory, parent, slug, created, themes=(), **fields):
    """The child of ``parent`` with this slug, created (and published) if missing.

    Returns ``(page, is_new)``; inline children are only added by the caller when ``is_new``.
    """
    model = factory._meta.model
    existing = model.objects.child_of(parent).filter(slug=slug).first()
    if existing is not None:
        return existing, False
    page = factory(parent=parent, slug=slug, **fields)
    if themes:
        page.themes.set(themes)
    page.save_revision().publish()
    page.refresh_from_db()
    created.append(page)
    return page, True


def paragraph(html):
    return ("paragraph", html)


def heading(text, level="h2"):
    return ("heading", {"text": text, "level": level})


def quote(text, attribution=""):
    return ("quote", {"quote": text, "attribution": attribution})


def step(title, text="", duration=""):
    return ("step", {"title": title, "duration": duration, "text": text})


def link(title, url, description=""):
    return ("link", {"title": title, "url": url, "description": description, "page": None})


def ensure_person(name, role="", organisation=""):
    return PersonFactory(name=name, role=role, organisation=organisation)


def ensure_testimonials(page, quotes):
    """Anonymous participants' quotes about ``page``, each created once."""
    for text in quotes:
        if not Testimonial.objects.filter(page=page, quote=text).exists():
            TestimonialFactory(page=page, quote=text, attribution="")
