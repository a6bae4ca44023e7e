from django.conf import settings


def portal(request):
    return {"portal_name": settings.WAGTAIL_SITE_NAME}
