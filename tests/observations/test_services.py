from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from observations import services
from observations.models import Category, Observation, ObservationAccess, ObservationEvent
from trygghet.errors import DomainError

from ..factories import BRO_CENTRUM, ObservationFactory

pytestmark = pytest.mark.django_db


def log(reporter, **overrides):
    fields = dict(
        reporter=reporter, category=Category.objects.get(slug="belysning"),
        occurred_at=timezone.now() - timedelta(hours=1),
        latitude=BRO_CENTRUM[0], longitude=BRO_CENTRUM[1], description="Två lampor släckta.",
    )
    fields.update(overrides)
    return services.log_observation(**fields)


def test_logging_records_reporter_organisation_area_and_history(areas, reporter):
    observation = log(reporter)
    assert observation.organisation == reporter.membership.organisation
    assert observation.area == areas["Bro centrum"]
    assert observation.status == Observation.Status.NEW
    assert list(observation.events.values_list("kind", flat=True)) == ["created"]


def test_the_most_specific_area_is_chosen_for_a_point(areas, reporter):
    # Inside Bro (the district) but outside every smaller area.
    observation = log(reporter, latitude=59.525, longitude=17.665)
    assert observation.area == areas["Bro"]


def test_a_point_outside_the_municipality_is_refused(areas, reporter):
    with pytest.raises(ValidationError) as error:
        log(reporter, latitude=59.33, longitude=18.06)  # Stockholm
    assert "utanför kommunen" in error.value.message_dict["latitude"][0]
    assert not Observation.objects.exists()


def test_a_time_in_the_future_is_refused(areas, reporter):
    with pytest.raises(ValidationError) as error:
        log(reporter, occurred_at=timezone.now() + timedelta(hours=2))
    assert "framtiden" in error.value.message_dict["occurred_at"][0]


def test_a_description_over_the_limit_is_refused(areas, reporter):
    with pytest.raises(ValidationError) as error:
        log(reporter, description="x" * 100_000)
    assert "description" in error.value.message_dict


def test_without_the_map_the_area_places_the_observation(areas, reporter):
    observation = log(reporter, latitude=None, longitude=None, area=areas["Tibble"],
                      place_description="Vid lekplatsen")
    assert observation.area == areas["Tibble"]
    assert observation.placement == Observation.Placement.AREA
    from trygghet.models import Area
    assert Area.objects.most_specific(observation.latitude, observation.longitude) == areas["Tibble"]


def test_a_place_is_required(areas, reporter):
    with pytest.raises(ValidationError) as error:
        log(reporter, latitude=None, longitude=None)
    assert "kartan" in error.value.message_dict["latitude"][0]


def test_readers_cannot_log(areas, police):
    with pytest.raises(PermissionDenied):
        log(police)


def test_a_reporter_may_edit_their_own_observation_for_24_hours(areas, reporter, guard):
    observation = log(reporter)
    services.edit_observation(observation=observation, by=reporter, description="Tre lampor.")
    observation.refresh_from_db()
    assert observation.description == "Tre lampor."
    assert observation.events.filter(kind="edited").exists()
    with pytest.raises(PermissionDenied):
        services.edit_observation(observation=observation, by=guard, description="Nej")
    Observation.objects.filter(pk=observation.pk).update(
        logged_at=timezone.now() - timedelta(hours=25))
    observation.refresh_from_db()
    with pytest.raises(PermissionDenied):
        services.edit_observation(observation=observation, by=reporter, description="Sent")


def test_an_edit_moving_the_point_derives_the_area_again(areas, reporter):
    observation = log(reporter)
    services.edit_observation(observation=observation, by=reporter,
                              latitude=59.486, longitude=17.762)
    observation.refresh_from_db()
    assert observation.area == areas["Tibble"]


def test_coordinator_changes_status_with_history(areas, reporter, coordinator):
    observation = log(reporter)
    services.follow_up(observation=observation, status="resolved", by=coordinator,
                       comment="Lamporna bytta.")
    observation.refresh_from_db()
    assert observation.status == "resolved" and observation.closed_at is not None
    event = observation.events.get(kind="status")
    assert (event.from_status, event.to_status, event.comment) == ("new", "resolved",
                                                                   "Lamporna bytta.")
    services.follow_up(observation=observation, status="in_progress", by=coordinator)
    observation.refresh_from_db()
    assert observation.closed_at is None


def test_a_comment_without_a_new_status_is_one_history_line(areas, reporter, coordinator):
    observation = log(reporter)
    services.follow_up(observation=observation, status="new", comment="Följs upp fredag.",
                       by=coordinator)
    observation.refresh_from_db()
    assert observation.status == "new"
    assert list(observation.events.values_list("kind", "comment")) == [
        ("created", ""), ("comment", "Följs upp fredag.")]


def test_only_coordinators_change_status_or_comment(areas, reporter):
    observation = log(reporter)
    with pytest.raises(PermissionDenied):
        services.follow_up(observation=observation, status="resolved", by=reporter)
    with pytest.raises(PermissionDenied):
        services.follow_up(observation=observation, comment="Hej", by=reporter)


def test_neither_a_new_status_nor_a_comment_is_a_domain_error(areas, reporter, coordinator):
    observation = log(reporter)
    with pytest.raises(DomainError):
        services.follow_up(observation=observation, status="new", by=coordinator)
    with pytest.raises(DomainError):
        services.follow_up(observation=observation, status="", comment="  ", by=coordinator)


def test_a_status_change_from_a_stale_page_is_refused(areas, reporter, coordinator):
    from trygghet.errors import StaleEdit

    observation = log(reporter)
    seen = observation.revision
    services.follow_up(observation=observation, status="in_progress", by=coordinator,
                       revision=seen)
    with pytest.raises(StaleEdit) as error:
        services.follow_up(observation=observation, status="resolved", comment="Klart",
                           by=coordinator, revision=seen)
    assert "ändrade detta" in error.value.message
    observation.refresh_from_db()
    assert observation.status == "in_progress"


def test_reading_a_restricted_observation_is_logged(areas, reporter, police):
    observation = ObservationFactory(reporter=reporter, restricted=True)
    services.record_read(observations=[observation], user=police, via="page")
    assert ObservationAccess.objects.filter(observation=observation, user=police).count() == 1
    services.record_read(observations=[ObservationFactory(reporter=reporter)], user=police,
                         via="page")
    assert ObservationAccess.objects.count() == 1


def test_free_text_is_erased_after_the_retention_period(areas, reporter, coordinator, settings):
    settings.OBSERVATION_TEXT_RETENTION_DAYS = 30
    old = log(reporter, place_description="Vid Ica")
    services.follow_up(observation=old, status="resolved", by=coordinator, comment="Åtgärdat.")
    Observation.objects.filter(pk=old.pk).update(closed_at=timezone.now() - timedelta(days=31))
    recent = log(reporter)
    services.follow_up(observation=recent, status="resolved", by=coordinator, comment="Klart.")
    still_open = log(reporter)

    assert services.erase_expired_text() == 1

    old.refresh_from_db()
    assert (old.description, old.place_description) == ("", "")
    assert old.text_erased_at is not None and old.category.slug == "belysning"
    assert not ObservationEvent.objects.filter(observation=old).exclude(comment="").exists()
    recent.refresh_from_db()
    still_open.refresh_from_db()
    assert recent.description and still_open.description
    assert services.erase_expired_text() == 0
