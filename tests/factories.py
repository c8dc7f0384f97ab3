import random
from datetime import datetime, timedelta

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from observations.interventions.models import Intervention, InterventionType
from observations.models import Category, Observation
from trygghet.models import Membership, Organisation

BRO_CENTRUM = (59.515, 17.636)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Organisation {n}")
    kind = Organisation.Kind.KOMMUN


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"Person {n}")
    password = factory.PostGenerationMethodCall("set_password", "demo")

    @factory.post_generation
    def saved(self, create, extracted, **kwargs):
        if create:
            self.save()


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Membership.Role.REPORTER


def member(role=Membership.Role.REPORTER, kind=Organisation.Kind.KOMMUN, org_name=None,
           **user_fields):
    """A user acting for an organisation of the given kind, with the given role."""
    organisation = OrganisationFactory(name=org_name or f"{kind} organisation", kind=kind)
    return MembershipFactory(
        user=UserFactory(**user_fields), organisation=organisation, role=role
    ).user


class ObservationFactory(factory.django.DjangoModelFactory):
    """Observations written straight to the table, for tests about reading them."""

    class Meta:
        model = Observation

    category = factory.LazyFunction(lambda: Category.objects.order_by("order").first())
    occurred_at = factory.LazyFunction(lambda: timezone.now() - timezone.timedelta(hours=2))
    latitude, longitude = BRO_CENTRUM
    reporter = factory.LazyFunction(lambda: member())
    organisation = factory.LazyAttribute(lambda o: o.reporter.membership.organisation)
    description = "Grupp ungdomar vid stationen."
    severity = Observation.Severity.MEDIUM


def spread_observations(n, *, reporter, year, seed=1, bounds=(17.50, 59.47, 17.80, 59.60),
                        **fields):
    """n observations at random times of a year and random places in bounds (west, south,
    east, north; by default Upplands-Bro), written in one insert."""
    rng = random.Random(seed)
    start = timezone.make_aware(datetime(year, 1, 1))
    west, south, east, north = bounds
    rows = ObservationFactory.build_batch(
        n, reporter=reporter, organisation=reporter.membership.organisation, **fields)
    for row in rows:
        row.occurred_at = start + timedelta(minutes=rng.randrange(364 * 24 * 60))
        row.latitude = rng.uniform(south, north)
        row.longitude = rng.uniform(west, east)
    return Observation.objects.bulk_create(rows)


class InterventionFactory(factory.django.DjangoModelFactory):
    """Insatser written straight to the table, for tests about reading them."""

    class Meta:
        model = Intervention
        skip_postgeneration_save = True

    type = factory.LazyFunction(lambda: InterventionType.objects.order_by("order").first())
    title = factory.Sequence(lambda n: f"Extra väktarronder {n}")
    planned_start = factory.LazyFunction(lambda: timezone.localdate())
    planned_end = factory.LazyAttribute(lambda o: o.planned_start + timezone.timedelta(days=7))
    responsible = factory.LazyFunction(lambda: member())
    responsible_organisation = factory.LazyAttribute(
        lambda o: o.responsible.membership.organisation)
    created_by = factory.LazyAttribute(lambda o: o.responsible)

    @factory.post_generation
    def areas(self, create, extracted, **kwargs):
        if create and extracted:
            self.areas.set(extracted)

    @factory.post_generation
    def observations(self, create, extracted, **kwargs):
        if create and extracted:
            self.observations.set(extracted)
