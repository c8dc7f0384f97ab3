"""Areas as GeoJSON: the API and the pages' maps draw them from the same features."""


def area_feature(area):
    return {
        "type": "Feature",
        "id": area.pk,
        "geometry": area.geometry,
        "properties": {"name": area.name, "kind": area.kind},
    }


def area_collection(areas):
    return {"type": "FeatureCollection", "features": [area_feature(area) for area in areas]}
