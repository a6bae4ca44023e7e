"""Survey engine vs wagtail.contrib.forms, side by side, on PostgreSQL, with 100,000 submissions.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cooperer_surveys_bench \
        .venv/bin/python bench/surveys.py

The same 100,000 submissions (7 questions: choice, multiple choice, short and long text, number,
date, e-mail) are loaded with bulk inserts into a SurveyPage (one Answer row per value) and
into a reference wagtail.contrib.forms page (bench/surveys_reference: BenchFormPage, one JSON
blob per submission). Each measurement runs in a fresh subprocess through Django's test
client, with the real views: CSV and XLSX exports (time, peak memory of the process above its
resting size), the results page (time: median of BENCH_RESULTS_REPEATS requests after a first
one, which is reported too; query count), and submissions per second through the answer view.
Peak memory is the process's peak resident set (VmHWM, reset before the measure) minus its
resident size just before the measure. Set BENCH_SUBMISSIONS to try another size.
"""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.surveys_settings")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

N = int(os.environ.get("BENCH_SUBMISSIONS", "100000"))
POSTS = int(os.environ.get("BENCH_POSTS", "300"))
RESULTS_REPEATS = int(os.environ.get("BENCH_RESULTS_REPEATS", "5"))
SURVEY_SLUG = "bench-questionnaire"
FORM_SLUG = "bench-formulaire"
SERVICES = ["Culture", "Sport", "Éducation", "Social"]
THEMES = ["Coopération", "Méthodes", "Outils", "Rencontres"]
QUESTIONS = [
    ("single", "radio", "Service", SERVICES),
    ("multiple", "checkboxes", "Thèmes", THEMES),
    ("short_text", "singleline", "Équipe", None),
    ("long_text", "multiline", "Commentaire", None),
    ("number", "number", "Participants", None),
    ("date", "date", "Date souhaitée", None),
    ("email", "email", "Contact", None),
]


def values_for(i):
    """The i-th submission's answers, the same for both engines."""
    import datetime

    return {
        "Service": SERVICES[i % 4],
        "Thèmes": [THEMES[i % 4], THEMES[(i + 1) % 4]],
        "Équipe": f"Équipe {i % 250}",
        "Commentaire": f"Un atelier utile pour notre service, réponse numéro {i}.",
        "Participants": i % 40 + 1,
        "Date souhaitée": datetime.date(2026, 1, 1) + datetime.timedelta(days=i % 300),
        "Contact": f"agent{i}@example.org",
    }


def ensure_database():
    from django.conf import settings

    import psycopg

    db = settings.DATABASES["default"]
    try:
        psycopg.connect(
            dbname=db["NAME"], user=db["USER"], host=db["HOST"], port=db["PORT"] or 5432
        ).close()
    except psycopg.OperationalError:
        with psycopg.connect(
            dbname="postgres",
            user=db["USER"],
            host=db["HOST"],
            port=db["PORT"] or 5432,
            autocommit=True,
        ) as connection:
            connection.execute(f'CREATE DATABASE "{db["NAME"]}"')


def prepare():
    """Migrate and load N submissions into both engines (kept between runs if complete)."""
    import django

    django.setup()
    ensure_database()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import transaction

    from wagtail.contrib.forms.models import FormSubmission

    from bench.surveys_reference.models import BenchFormField, BenchFormPage
    from home.site import ensure_home_page
    from surveys.factories import bulk_responses, make_survey, rows_for, survey_index
    from surveys.models import SurveyPage, SurveyResponse

    call_command("migrate", verbosity=0)
    User = get_user_model()
    if not User.objects.filter(username="bench").exists():
        User.objects.create_superuser("bench", "bench@example.org", "bench-password-2026")

    home = ensure_home_page()

    survey = SurveyPage.objects.filter(slug=SURVEY_SLUG).first()
    form_page = BenchFormPage.objects.filter(slug=FORM_SLUG).first()
    complete = (
        survey is not None
        and form_page is not None
        and SurveyResponse.objects.filter(survey=survey).count() == N
        and FormSubmission.objects.filter(page=form_page).count() == N
    )
    if complete:
        # Anonymous, like the reference's submissions: no identity columns on either side.
        SurveyPage.objects.filter(pk=survey.pk).update(anonymous=True)
        print(f"Données déjà en place : {N} soumissions de chaque côté.")
        return
    for page in [survey, form_page]:
        if page is not None:
            page.delete()

    started = time.perf_counter()
    survey = make_survey(
        survey_index(home),
        title="Questionnaire de référence",
        slug=SURVEY_SLUG,
        audience="both",
        anonymous=True,  # like the reference's submissions: no identity columns
        one_response_per_person=False,
        results_visibility="coordinators",
        questions=[
            {"kind": kind, "label": label, "choices": "\n".join(choices or [])}
            for kind, _wagtail_type, label, choices in QUESTIONS
        ],
    )
    form_page = home.add_child(
        instance=BenchFormPage(title="Formulaire de référence", slug=FORM_SLUG)
    )
    for order, (_kind, wagtail_type, label, choices) in enumerate(QUESTIONS):
        BenchFormField.objects.create(
            page=form_page,
            sort_order=order,
            label=label,
            field_type=wagtail_type,
            required=False,
            choices="\n".join(choices or []),
        )
    clean_names = {f.label: f.clean_name for f in form_page.get_form_fields()}
    questions = survey.ordered_questions()

    # Written through the submission code (answer rows by the kinds, tallies kept).
    bulk_responses(survey, (rows_for(survey, values_for(i), questions) for i in range(N)))

    def form_data(i):
        values = values_for(i)
        values["Date souhaitée"] = values["Date souhaitée"].isoformat()
        values["Participants"] = str(values["Participants"])
        return {clean_names[label]: value for label, value in values.items()}

    batch = []
    for i in range(N):
        batch.append(FormSubmission(page=form_page, form_data=form_data(i)))
        if len(batch) == 5000:
            with transaction.atomic():
                FormSubmission.objects.bulk_create(batch)
            batch = []
    if batch:
        FormSubmission.objects.bulk_create(batch)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"{N} soumissions chargées de chaque côté en {time.perf_counter() - started:.0f} s.")


# Measurements (each in its own process) ----------------------------------------------------


def _rss_kb(field):
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def measure(name):
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bench.surveys_reference.models import BenchFormPage
    from surveys.models import SurveyPage

    survey = SurveyPage.objects.get(slug=SURVEY_SLUG)
    form_page = BenchFormPage.objects.get(slug=FORM_SLUG)
    client = Client()
    client.force_login(get_user_model().objects.get(username="bench"))
    client.get(survey.url)  # warm up: URL resolving, templates, site root cache

    urls = {
        "csv_ours": survey.url + "reponses/export/csv/",
        "csv_ref": f"/admin/forms/submissions/{form_page.pk}/?export=csv",
        "xlsx_ours": survey.url + "reponses/export/xlsx/",
        "xlsx_ref": f"/admin/forms/submissions/{form_page.pk}/?export=xlsx",
        "results_ours": survey.url + "resultats/",
        "results_ref": f"/admin/forms/submissions/{form_page.pk}/",
    }
    if name.startswith("post_"):
        return measure_posts(client, name, survey, form_page)
    if name in ("results_raw", "results_tallies"):
        return measure_computation(survey, "raw" if name == "results_raw" else "tallies")

    # A page is timed as a running server serves it: after a first request (templates
    # compiled, modules imported), the median of RESULTS_REPEATS requests; the first one is
    # reported too. Exports are timed once (they last seconds).
    repeats = RESULTS_REPEATS if name.startswith("results_") else 1
    first = None
    if repeats > 1:
        started = time.perf_counter()
        client.get(urls[name])
        first = time.perf_counter() - started
    try:
        with open("/proc/self/clear_refs", "w") as clear:
            clear.write("5")  # reset the peak resident set size (VmHWM)
    except OSError:
        pass
    resting = _rss_kb("VmRSS")
    timings = []
    for _repeat in range(repeats):
        started = time.perf_counter()
        size = 0
        with CaptureQueriesContext(connection) as queries:
            response = client.get(urls[name])
            assert response.status_code == 200, (name, response.status_code)
            chunks = response.streaming_content if response.streaming else [response.content]
            for chunk in chunks:
                size += len(chunk)
        timings.append(time.perf_counter() - started)
    peak = _rss_kb("VmHWM")
    measured = {
        "seconds": sorted(timings)[len(timings) // 2],
        "peak_mb": max(peak - resting, 0) / 1024,
        "bytes": size,
        "queries": len(queries),
    }
    if first is not None:
        measured["first_seconds"] = first
    return measured


def measure_computation(survey, source):
    """The results' computation alone: from the tallies, or as before them, GROUP BY over the
    raw answers (the same results)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from surveys.results import compute_results

    questions = survey.ordered_questions()
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        results = compute_results(survey, questions, source=source)
        for result in results.questions:
            if result.texts is not None:
                list(result.texts)
    return {"seconds": time.perf_counter() - started, "queries": len(queries)}


def measure_posts(client, name, survey, form_page):
    import random

    from surveys.factories import choice_key
    from surveys.models import SurveyQuestion

    questions = {q.label: q for q in SurveyQuestion.objects.filter(page=survey)}
    clean_names = {f.label: f.clean_name for f in form_page.get_form_fields()}
    random.seed(1)
    payloads = []
    for i in range(POSTS):
        values = values_for(N + i)
        values["Date souhaitée"] = values["Date souhaitée"].isoformat()
        if name == "post_ours":
            values["Service"] = choice_key(questions["Service"], values["Service"])
            values["Thèmes"] = [choice_key(questions["Thèmes"], t) for t in values["Thèmes"]]
            payloads.append({questions[label].field_name: v for label, v in values.items()})
        else:
            payloads.append({clean_names[label]: v for label, v in values.items()})
    url = survey.url if name == "post_ours" else form_page.url
    started = time.perf_counter()
    for payload in payloads:
        response = client.post(url, payload)
        assert response.status_code in (200, 302), (name, response.status_code)
    seconds = time.perf_counter() - started
    # Leave the data set as it was for the next run.
    if name == "post_ours":
        from surveys.models import SurveyResponse
        from surveys.models.responses import delete_responses

        keep = SurveyResponse.objects.filter(survey=survey).order_by("pk").values("pk")[:N]
        delete_responses(SurveyResponse.objects.filter(survey=survey).exclude(pk__in=keep))
    else:
        from wagtail.contrib.forms.models import FormSubmission

        keep = FormSubmission.objects.filter(page=form_page).order_by("pk").values("pk")[:N]
        FormSubmission.objects.filter(page=form_page).exclude(pk__in=keep).delete()
    return {"seconds": seconds, "per_second": POSTS / seconds}


def run(name):
    output = subprocess.run(
        [sys.executable, __file__, "--measure", name],
        check=True,
        capture_output=True,
        text=True,
        env=os.environ,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def main():
    prepare()
    results = {}
    for name in [
        "csv_ref",
        "csv_ours",
        "xlsx_ref",
        "xlsx_ours",
        "results_ours",
        "results_tallies",
        "results_raw",
        "results_ref",
        "post_ref",
        "post_ours",
    ]:
        results[name] = run(name)
        print(f"  {name:<13} {json.dumps(results[name])}", flush=True)

    def line(label, ref, ours, unit="s", higher_is_better=False):
        ratio = (
            (ours / ref if ref else float("inf"))
            if higher_is_better
            else (ref / ours if ours else float("inf"))
        )
        print(f"{label:<34} {ref:>10.2f} {unit:<4} {ours:>10.2f} {unit:<4} ×{ratio:.1f}")

    print()
    print(f"Soumissions : {N}   (référence = wagtail.contrib.forms, nous = surveys)")
    print(f"{'mesure':<34} {'référence':>15} {'surveys':>15} ratio")
    line("Export CSV : durée", results["csv_ref"]["seconds"], results["csv_ours"]["seconds"])
    line(
        "Export CSV : pic mémoire",
        results["csv_ref"]["peak_mb"],
        results["csv_ours"]["peak_mb"],
        "Mo",
    )
    line("Export XLSX : durée", results["xlsx_ref"]["seconds"], results["xlsx_ours"]["seconds"])
    line(
        "Export XLSX : pic mémoire",
        results["xlsx_ref"]["peak_mb"],
        results["xlsx_ours"]["peak_mb"],
        "Mo",
    )
    tallied, raw = results["results_tallies"], results["results_raw"]
    print(
        f"{'Calcul des résultats':<34} agrégation brute {raw['seconds'] * 1000:.0f} ms "
        f"({raw['queries']} requêtes), décomptes {tallied['seconds'] * 1000:.0f} ms "
        f"({tallied['queries']} requêtes) ×{raw['seconds'] / tallied['seconds']:.0f}"
    )
    print(
        f"{'Page de résultats (surveys)':<34} {results['results_ours']['seconds']:.2f} s "
        f"(médiane de {RESULTS_REPEATS} ; première requête "
        f"{results['results_ours']['first_seconds']:.2f} s), "
        f"{results['results_ours']['queries']} requêtes SQL "
        f"(référence, liste des soumissions paginée : {results['results_ref']['seconds']:.2f} s, "
        f"{results['results_ref']['queries']} requêtes ; pas de vue de résultats)"
    )
    line(
        "Soumissions par seconde",
        results["post_ref"]["per_second"],
        results["post_ours"]["per_second"],
        "/s",
        higher_is_better=True,
    )
    csv_speed = results["csv_ref"]["seconds"] / results["csv_ours"]["seconds"]
    xlsx_speed = results["xlsx_ref"]["seconds"] / results["xlsx_ours"]["seconds"]
    print()
    print(
        f"Objectifs : CSV ≥ 3× plus rapide ({csv_speed:.1f}×) et < 100 Mo "
        f"({results['csv_ours']['peak_mb']:.0f} Mo) ; XLSX ≥ 2× plus rapide ({xlsx_speed:.1f}×) "
        f"et < 120 Mo ({results['xlsx_ours']['peak_mb']:.0f} Mo) ; résultats ≤ 150 ms "
        f"({results['results_ours']['seconds'] * 1000:.0f} ms) et ≤ 10 requêtes "
        f"({results['results_ours']['queries']}) ; soumissions/s ≥ référence "
        f"(×{results['post_ours']['per_second'] / results['post_ref']['per_second']:.2f})."
    )


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--measure":
        print(json.dumps(measure(sys.argv[2])))
    else:
        main()
