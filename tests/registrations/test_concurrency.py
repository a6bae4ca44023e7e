"""Ten agents take the last two places at once: the database lets exactly two in."""

import threading

from django.db import connection, connections

import pytest

from registrations.models import Registration
from registrations.services import register


@pytest.mark.django_db(transaction=True)
def test_ten_agents_racing_for_the_last_two_places(make_session, make_user):
    if connection.vendor != "postgresql":
        pytest.skip(
            "Needs PostgreSQL: SQLite serialises writers on one file lock, so it cannot show "
            "transactions racing; run with DATABASE_URL=postgres://…"
        )
    session = make_session(capacity=3)
    register(make_user("agent"), session.pk)  # one place already taken: two are left
    people = [make_user("agent") for _ in range(10)]
    barrier = threading.Barrier(len(people))
    outcomes = {}

    def take_a_place(person):
        try:
            barrier.wait()
            outcomes[person.pk] = register(person, session.pk).status
        finally:
            connections.close_all()

    threads = [threading.Thread(target=take_a_place, args=(person,)) for person in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes.values()) == ["registered"] * 2 + ["waiting"] * 8
    rows = Registration.objects.filter(session=session, user__in=people)
    assert rows.filter(status="registered").count() == 2
    waiting = list(rows.filter(status="waiting").order_by("rank"))
    # A stable order: ranks 1 to 8, each given once, in the order the rows were written.
    assert [row.rank for row in waiting] == list(range(1, 9))
    assert [row.pk for row in waiting] == sorted(row.pk for row in waiting)
