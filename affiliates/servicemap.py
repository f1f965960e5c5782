"""The offline service-area map: states and counties drawn as inline SVG paths.

The shapes come from U.S. Census cartographic boundaries (the `us-atlas` package, public
domain), projected to Albers USA and simplified once by `map_data/build.mjs` into
`map_data/us_map.json`: no tiles, no external service, no API key. Served ZIP codes are
not drawn (there are no ZIP shapes); the page's list of areas names them, and stays the
primary content: the map is an image with a text alternative."""

import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from affiliates.zipdata import STATE_NAMES, normalize_name

DATA_FILE = Path(__file__).resolve().parent / "map_data" / "us_map.json"
# Suffixes the ZIP data's county names carry and the Census shapes' names do not.
COUNTY_SUFFIXES = (" county", " parish", " borough", " census area", " municipality", " city and borough")
PADDING = 0.06


@cache
def map_data():
    with DATA_FILE.open(encoding="utf-8") as handle:
        data = json.load(handle)
    index = {}
    for fips, county in data["counties"].items():
        index.setdefault((normalize_name(county["n"]), county["s"]), []).append(fips)
    data["county_index"] = index
    return data


def county_fips(name, state):
    """FIPS code of 'Polk County' in 'IA' (the ZIP data's spelling), or None.

    Independent cities share names with counties ('St. Louis city' and 'St. Louis County',
    MO); their county codes are 500 and above."""
    key = normalize_name(name)
    is_city = key.endswith(" city")
    for suffix in (*COUNTY_SUFFIXES, " city"):
        if key.endswith(suffix):
            key = key[: -len(suffix)]
            break
    candidates = map_data()["county_index"].get((key, state), [])
    if len(candidates) > 1:
        candidates = [f for f in candidates if (int(f[2:]) >= 500) == is_city] or candidates
    return candidates[0] if candidates else None


@dataclass
class ServiceMap:
    view_box: str
    context: list = field(default_factory=list)  # outlines of the states involved
    served: list = field(default_factory=list)  # whole states and counties served
    description: str = ""


def build(states=(), counties=(), office_state=None):
    """A map of whole `states` ('IA') and `counties` ('Polk County, IA') served, framed on
    the states involved; None when nothing can be drawn."""
    data = map_data()
    served, drawn_states, named = [], set(states), []
    for code in states:
        shape = data["states"].get(code)
        if shape:
            served.append(shape["d"])
            named.append(STATE_NAMES.get(code, code))
    for text in counties:
        name, _, state = text.rpartition(", ")
        fips = county_fips(name, state)
        if fips:
            served.append(data["counties"][fips]["d"])
            drawn_states.add(state)
            named.append(text)
    if not served:
        return None
    if office_state in data["states"]:
        drawn_states.add(office_state)
    frame = [data["states"][code] for code in sorted(drawn_states) if code in data["states"]]
    x0 = min(s["bbox"][0] for s in frame)
    y0 = min(s["bbox"][1] for s in frame)
    x1 = max(s["bbox"][2] for s in frame)
    y1 = max(s["bbox"][3] for s in frame)
    pad = max(x1 - x0, y1 - y0) * PADDING
    view_box = f"{x0 - pad:.1f} {y0 - pad:.1f} {x1 - x0 + 2 * pad:.1f} {y1 - y0 + 2 * pad:.1f}"
    return ServiceMap(
        view_box=view_box,
        context=[s["d"] for s in frame],
        served=served,
        description="Highlighted on the map: " + "; ".join(named) + ".",
    )
