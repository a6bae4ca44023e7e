from django import template

register = template.Library()


@register.filter
def can_rerun(job, user):
    """``{% if job|can_rerun:request.user %}``: the job failed and this user may run it again."""
    return job.can_rerun(user)
