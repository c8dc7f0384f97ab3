from django.urls import reverse
from django.utils import timezone


def observation_features(observations):
    """A GeoJSON FeatureCollection of observations: what a map needs, no free text."""
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "id": o.pk,
                "geometry": {"type": "Point", "coordinates": [o.longitude, o.latitude]},
                "properties": {
                    "category": o.category.name,
                    "occurred_at": timezone.localtime(o.occurred_at).isoformat(),
                    "severity": o.severity,
                    "status": o.status,
                    "area": o.area.name if o.area else None,
                    "placement": o.placement,
                    "url": reverse("observations:observation-detail", args=[o.pk]),
                },
            }
            for o in observations
        ],
    }
