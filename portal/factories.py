"""Factories for users by role: shared by the test suite and the demo-content command."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

import factory

from portal.roles import ROLES


class UserFactory(factory.django.DjangoModelFactory):
    """A user; ``UserFactory(role="Agents")`` also puts them in that role's group."""

    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"utilisateur{n}")
    first_name = "Camille"
    last_name = factory.Sequence(lambda n: f"Exemple {n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = factory.django.Password("mot-de-passe-de-test")
    is_active = True

    @factory.post_generation
    def role(user, create, extracted, **kwargs):
        if not (create and extracted):
            return
        if extracted not in ROLES:
            raise ValueError(f"Unknown role {extracted!r}; expected one of {sorted(ROLES)}")
        group, _ = Group.objects.get_or_create(name=extracted)
        user.groups.add(group)


class JobFactory(factory.django.DjangoModelFactory):
    """A job row as start_job writes it (tests set status, progress and times as needed)."""

    class Meta:
        model = "portal.Job"

    kind = "test"
    label = factory.Sequence(lambda n: f"Import de contacts n° {n}")
    user = factory.SubFactory(UserFactory)
    task_path = "portal.tasks.check_worker"
