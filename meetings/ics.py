"""A meeting as a calendar event (.ics), for members' calendars."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

# A meeting without an end time is put in calendars as two hours long.
DEFAULT_LENGTH = timedelta(hours=2)


def meeting_calendar(meeting, items, *, url: str, host: str) -> bytes:
    from icalendar import Calendar, Event

    with translation.override(settings.LANGUAGE_CODE):
        calendar = Calendar()
        calendar.add("prodid", "-//Trygghet//Utskott//SV")
        calendar.add("version", "2.0")
        calendar.add("method", "PUBLISH")
        event = Event()
        event.add("uid", f"meeting-{meeting.pk}@{host.split(':')[0] or 'trygghet'}")
        event.add("dtstamp", timezone.now())
        event.add("dtstart", meeting.starts_at)
        event.add("dtend", meeting.ends_at or meeting.starts_at + DEFAULT_LENGTH)
        event.add("summary", meeting.title)
        event.add("location", meeting.place)
        lines = [_("Dagordning:")] + [
            f"{n}. {item.heading}" + (f" ({item.case.diarienummer})" if item.case_id else "")
            for n, item in enumerate(items, start=1)]
        event.add("description", "\n".join(lines + ["", url]))
        event.add("url", url)
        event.add("status", "CONFIRMED")
        calendar.add_component(event)
        return calendar.to_ical()
