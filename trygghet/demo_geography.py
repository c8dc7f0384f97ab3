"""Approximate demo geography of Upplands-Bro (lon, lat in WGS84): not survey data."""


def box(west, south, east, north):
    return {"type": "Polygon", "coordinates": [[
        [west, south], [east, south], [east, north], [west, north], [west, south],
    ]]}


BOUNDARY = {"type": "Polygon", "coordinates": [[
    [17.40, 59.60], [17.52, 59.63], [17.66, 59.62], [17.78, 59.58], [17.86, 59.53],
    [17.85, 59.47], [17.79, 59.44], [17.70, 59.45], [17.62, 59.47], [17.52, 59.46],
    [17.43, 59.49], [17.38, 59.55], [17.40, 59.60],
]]}

# name, kind, geometry, weight (how much of the demo activity happens there)
AREAS = [
    ("Bro", "kommundel", box(17.600, 59.500, 17.670, 59.530), 4),
    ("Bro centrum", "centrum", box(17.630, 59.5125, 17.642, 59.5175), 14),
    ("Bro station", "station", box(17.630, 59.5085, 17.642, 59.5125), 12),
    ("Råby", "bostadsomrade", box(17.610, 59.512, 17.628, 59.522), 7),
    ("Finnsta", "bostadsomrade", box(17.643, 59.510, 17.660, 59.520), 6),
    ("Kungsängen", "kommundel", box(17.720, 59.465, 17.790, 59.495), 4),
    ("Kungsängen centrum", "centrum", box(17.744, 59.479, 17.754, 59.484), 12),
    ("Kungsängen station", "station", box(17.744, 59.4755, 17.754, 59.479), 11),
    ("Tibble", "bostadsomrade", box(17.754, 59.480, 17.770, 59.492), 7),
    ("Brunna", "bostadsomrade", box(17.760, 59.498, 17.790, 59.512), 5),
]
