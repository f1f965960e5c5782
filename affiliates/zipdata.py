"""Offline US place data from the `zipcodes` package, indexed once per process.

The package holds about 42,800 ZIP codes with city, state, county and coordinates. Loading
it takes a second or two, so we build our lookup dictionaries lazily, on first use, and keep
them for the life of the process; after that every lookup is a dictionary access.

Nothing here knows about requests, templates or the database.
"""

import functools
import math
import re
import threading
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass

import zipcodes

EARTH_RADIUS_MILES = 3958.8

# The states and territories people can choose. Military "states" (AA, AE, AP) and the
# freely associated states are in the ZIP data but have no affiliates and no map position.
STATE_NAMES = {
    "AL": "Alabama",
    "AK": "Alaska",
    "AZ": "Arizona",
    "AR": "Arkansas",
    "CA": "California",
    "CO": "Colorado",
    "CT": "Connecticut",
    "DE": "Delaware",
    "DC": "District of Columbia",
    "FL": "Florida",
    "GA": "Georgia",
    "HI": "Hawaii",
    "ID": "Idaho",
    "IL": "Illinois",
    "IN": "Indiana",
    "IA": "Iowa",
    "KS": "Kansas",
    "KY": "Kentucky",
    "LA": "Louisiana",
    "ME": "Maine",
    "MD": "Maryland",
    "MA": "Massachusetts",
    "MI": "Michigan",
    "MN": "Minnesota",
    "MS": "Mississippi",
    "MO": "Missouri",
    "MT": "Montana",
    "NE": "Nebraska",
    "NV": "Nevada",
    "NH": "New Hampshire",
    "NJ": "New Jersey",
    "NM": "New Mexico",
    "NY": "New York",
    "NC": "North Carolina",
    "ND": "North Dakota",
    "OH": "Ohio",
    "OK": "Oklahoma",
    "OR": "Oregon",
    "PA": "Pennsylvania",
    "RI": "Rhode Island",
    "SC": "South Carolina",
    "SD": "South Dakota",
    "TN": "Tennessee",
    "TX": "Texas",
    "UT": "Utah",
    "VT": "Vermont",
    "VA": "Virginia",
    "WA": "Washington",
    "WV": "West Virginia",
    "WI": "Wisconsin",
    "WY": "Wyoming",
    "AS": "American Samoa",
    "GU": "Guam",
    "MP": "Northern Mariana Islands",
    "PR": "Puerto Rico",
    "VI": "U.S. Virgin Islands",
}
STATE_CHOICES = sorted(STATE_NAMES.items(), key=lambda item: item[1])
_STATE_BY_NAME = {name.lower().replace(".", ""): code for code, name in STATE_NAMES.items()}

# Spellings people use for the same word in place names. The ZIP data writes "Saint Louis"
# for the city but "St. Louis County" and "St Louis County" for the county, so both sides
# are normalised to one token before comparing.
_TOKEN_ALIASES = {
    "st": "saint",
    "ste": "sainte",
    "ft": "fort",
    "mt": "mount",
    "pt": "point",
}
_NOT_WORD = re.compile(r"[^a-z0-9 ]+")


def normalize_name(value):
    """Lower-case, accents and punctuation removed, common abbreviations expanded.

    >>> normalize_name("St. Louis") == normalize_name("saint louis") == normalize_name("ST LOUIS")
    True
    """
    text = value or ""
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = text.lower()
    text = text.replace("-", " ").replace("'", "").replace("’", "")
    text = _NOT_WORD.sub(" ", text)
    return " ".join(_TOKEN_ALIASES.get(token, token) for token in text.split())


# Building the index normalises ~100,000 names with many repeats.
_normalize_cached = functools.lru_cache(maxsize=65536)(normalize_name)


def state_code(value):
    """'IA', 'ia' or 'Iowa' → 'IA'; None when it is not a state we know."""
    text = " ".join((value or "").replace(".", "").split())
    if len(text) == 2 and text.upper() in STATE_NAMES:
        return text.upper()
    return _STATE_BY_NAME.get(text.lower())


@dataclass(frozen=True, slots=True)
class ZipRecord:
    zip: str
    city: str
    state: str
    county: str
    latitude: float | None
    longitude: float | None
    active: bool


def county_key(county, state):
    return (_normalize_cached(county), state)


def _coordinate(value):
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    # The data uses 0 for "no position" (military and some PO boxes).
    return None if number == 0 or math.isnan(number) else number


class ZipIndex:
    """Dictionaries over the ZIP data; build with `ZipIndex.build()`, or use `get_index()`."""

    GRID = 0.1  # degrees per cell of the nearest-ZIP grid

    def __init__(self, records):
        self.by_zip = {}
        self.by_city = defaultdict(list)
        self.counties = {}  # (normalised county, state) -> the spelling we show
        self.counties_by_state = defaultdict(set)
        self.state_centers = {}
        self.grid = defaultdict(list)
        spellings = defaultdict(Counter)
        state_points = defaultdict(list)
        for raw in records:
            record = ZipRecord(
                zip=raw["zip_code"],
                city=raw["city"],
                state=raw["state"],
                county=raw["county"] or "",
                latitude=_coordinate(raw["lat"]),
                longitude=_coordinate(raw["long"]),
                active=bool(raw["active"]),
            )
            self.by_zip[record.zip] = record
            if record.county:
                spellings[county_key(record.county, record.state)][record.county] += 1
            if not record.active:
                continue
            for name in {record.city, *raw.get("acceptable_cities", [])}:
                self.by_city[(_normalize_cached(name), record.state)].append(record)
            if record.latitude is not None:
                self.grid[self._cell(record.latitude, record.longitude)].append(record)
                state_points[record.state].append((record.latitude, record.longitude))
        for key, counter in spellings.items():
            # Where the data disagrees ("St. Louis city" / "St. Louis City"), show the usual one.
            self.counties[key] = counter.most_common(1)[0][0]
            self.counties_by_state[key[1]].add(self.counties[key])
        for state, points in state_points.items():
            self.state_centers[state] = (
                sum(p[0] for p in points) / len(points),
                sum(p[1] for p in points) / len(points),
            )
        self.by_city = dict(self.by_city)
        self.grid = dict(self.grid)

    @classmethod
    def build(cls):
        return cls(zipcodes.list_all())

    def _cell(self, latitude, longitude):
        return (math.floor(latitude / self.GRID), math.floor(longitude / self.GRID))

    def _reach(self, latitude, ring):
        """Miles from a point to the outside of the ring-th square of cells around it (lower bound)."""
        nearest_pole = min(abs(latitude) + (ring + 1) * self.GRID, 89.0)
        return ring * self.GRID * 69.0 * math.cos(math.radians(nearest_pole))

    def zip(self, code):
        return self.by_zip.get(code)

    def city(self, name, state):
        """Active ZIP records for a city in a state (any accepted spelling of its name)."""
        return self.by_city.get((normalize_name(name), state), [])

    def county(self, name, state):
        """The data's spelling of a county in `state`, or None. Accepts 'Polk' for 'Polk County'."""
        key = normalize_name(name)
        for suffix in ("", " county", " parish", " borough", " census area", " municipality", " city"):
            found = self.counties.get((key + suffix, state))
            if found:
                return found
        return None

    def nearest(self, latitude, longitude, max_miles):
        """The active ZIP whose centre is nearest to a point, within `max_miles`, or None."""
        row, col = self._cell(latitude, longitude)
        best, best_distance = None, None
        # Search square rings of grid cells outwards. Everything outside ring k is at least
        # `_reach(k)` miles away, so we stop once the best distance found is within it.
        ring = 0
        while True:
            for r in range(row - ring, row + ring + 1):
                for c in range(col - ring, col + ring + 1):
                    if max(abs(r - row), abs(c - col)) != ring:
                        continue
                    for record in self.grid.get((r, c), ()):
                        distance = haversine_miles(latitude, longitude, record.latitude, record.longitude)
                        if best_distance is None or distance < best_distance:
                            best, best_distance = record, distance
            reach = self._reach(latitude, ring)
            if (best is not None and best_distance <= reach) or reach > max_miles or ring > 90:
                break
            ring += 1
        if best is None or best_distance > max_miles:
            return None
        return best


_index = None
_lock = threading.Lock()


def get_index():
    """The process-wide index, built on first use."""
    global _index
    if _index is None:
        with _lock:
            if _index is None:
                _index = ZipIndex.build()
    return _index


def haversine_miles(lat1, lng1, lat2, lng2):
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlmb = math.radians(lng2 - lng1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    return 2 * EARTH_RADIUS_MILES * math.asin(min(1.0, math.sqrt(a)))
