"""Regenerate scripts/practicesite/data/europe-110m.json, the land outline drawn behind the map.

Source: Natural Earth 1:110m "Admin 0 – Countries" (public domain, naturalearthdata.com), in
the copy that the geopandas 0.14.4 wheel on PyPI bundles as
geopandas/datasets/naturalearth_lowres/naturalearth_lowres.shp (later geopandas releases dropped
it). The build never needs this script nor geopandas: the JSON file it writes is in the repository.

    pip download geopandas==0.14.4 --no-deps -d /tmp/ne
    unzip -o /tmp/ne/geopandas-0.14.4-py3-none-any.whl 'geopandas/datasets/*' -d /tmp/ne
    python scripts/europe_outline.py /tmp/ne/geopandas/datasets/naturalearth_lowres/naturalearth_lowres.shp \
        > scripts/practicesite/data/europe-110m.json
"""

from __future__ import annotations

import json
import struct
import sys
from pathlib import Path

from practicesite.render.mapsvg import clip_to_rect

# Wider than any map view, so that clipping again after projection leaves no visible seam.
WEST, EAST, SOUTH, NORTH = -40.0, 65.0, 25.0, 78.0

Ring = list[tuple[float, float]]


def read_polygons(shp: Path) -> list[list[Ring]]:
    """Every polygon record (shape type 5) of an ESRI shapefile, as lists of rings in lon/lat."""
    raw = shp.read_bytes()
    shapes: list[list[Ring]] = []
    offset = 100
    while offset < len(raw):
        _number, words = struct.unpack(">ii", raw[offset:offset + 8])
        content = raw[offset + 8:offset + 8 + words * 2]
        offset += 8 + words * 2
        (shape_type,) = struct.unpack("<i", content[:4])
        if shape_type != 5:
            continue
        parts_count, points_count = struct.unpack("<ii", content[36:44])
        parts = list(struct.unpack(f"<{parts_count}i", content[44:44 + 4 * parts_count]))
        start = 44 + 4 * parts_count
        coords = struct.unpack(f"<{2 * points_count}d", content[start:start + 16 * points_count])
        points = list(zip(coords[0::2], coords[1::2], strict=True))
        bounds = parts + [points_count]
        shapes.append([points[bounds[i]:bounds[i + 1]] for i in range(parts_count)])
    return shapes


def clip(ring: Ring) -> Ring:
    """The ring cut to the lon/lat box of the map."""
    return clip_to_rect(ring, WEST, SOUTH, EAST, NORTH)


def main(shp: str) -> None:
    rings = []
    for polygon in read_polygons(Path(shp)):
        for ring in polygon:
            clipped = [(round(x, 2), round(y, 2)) for x, y in clip(ring)]
            deduplicated = [p for i, p in enumerate(clipped) if i == 0 or p != clipped[i - 1]]
            if len(deduplicated) >= 4:
                rings.append(deduplicated)
    document = {
        "source": "Natural Earth 1:110m Admin 0 - Countries (public domain, naturalearthdata.com), "
                  "as bundled in the geopandas 0.14.4 wheel (datasets/naturalearth_lowres)",
        "box": [WEST, SOUTH, EAST, NORTH],
        "rings": rings,
    }
    json.dump(document, sys.stdout, separators=(",", ":"))
    sys.stdout.write("\n")


if __name__ == "__main__":
    main(sys.argv[1])
