"""A long job followed in the browser: the status page updates itself and announces the end."""

from django.utils import timezone

from playwright.sync_api import expect

from portal.factories import JobFactory
from portal.models import Job


def test_job_page_updates_live_and_is_accessible(page, live_site, sign_in, assert_accessible):
    user = sign_in("coordinator")
    job = JobFactory(
        user=user,
        label="Import de contacts",
        status=Job.Status.RUNNING,
        done=250,
        total=1000,
        heartbeat_at=timezone.now(),
    )
    console_errors = []
    page.on("console", lambda message: message.type == "error" and console_errors.append(message))

    page.goto(f"{live_site}{job.get_absolute_url()}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Import de contacts")
    expect(page.locator("progress")).to_have_attribute("value", "25")
    expect(page.get_by_text("250 sur 1000 éléments (25 %)")).to_be_visible()
    assert_accessible()

    # The worker moves on, then finishes: the page follows without a reload.
    Job.objects.filter(pk=job.pk).update(done=600, heartbeat_at=timezone.now())
    expect(page.get_by_text("600 sur 1000 éléments (60 %)")).to_be_visible(timeout=10_000)
    Job.objects.filter(pk=job.pk).update(
        status=Job.Status.SUCCEEDED,
        done=1000,
        summary={"contacts créés": 990, "lignes invalides": 10},
        result_url="/taches/",
        finished_at=timezone.now(),
    )
    status = page.locator("[data-job-live]")
    expect(status).to_have_text("« Import de contacts » est terminée.", timeout=10_000)
    expect(page.get_by_text("Terminée", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Voir le résultat")).to_be_visible()
    expect(page.get_by_text("Contacts créés")).to_be_visible()
    assert_accessible()
    assert not console_errors, [message.text for message in console_errors]

    page.get_by_role("link", name="Toutes mes tâches").click()
    expect(page.get_by_role("link", name="Import de contacts")).to_be_visible()
    assert_accessible()
