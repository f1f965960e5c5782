"""Service areas as editors and CSV files write them: parsing, validation, canonical text.

An affiliate serves whole states ("IA"), counties ("Polk County, IA") and extra ZIP codes
("50309"). The same functions validate the admin form and the CSV import, so both accept
and reject exactly the same things. Each parser returns (values, errors): canonical, sorted,
de-duplicated values and a list of messages for everything it could not accept.
"""

import re

from affiliates.zipdata import STATE_NAMES, get_index, state_code

ZIP_RE = re.compile(r"^\d{5}$")
_LIST_SEPARATORS = re.compile(r"[;,\s]+")


def _items(value, separators):
    if value is None:
        return []
    if isinstance(value, list | tuple | set):
        return [str(item).strip() for item in value if str(item).strip()]
    return [item.strip() for item in re.split(separators, str(value)) if item.strip()]


def zip_error(value):
    """Why `value` is not a 5-digit ZIP we know, or None if it is one."""
    if ZIP_RE.match(value):
        if get_index().zip(value) is None:
            return f"“{value}” is not a US ZIP code."
        return None
    if value.isdigit() and len(value) in (3, 4):
        padded = value.zfill(5)
        return (
            f"“{value}” is not a 5-digit ZIP code. If a spreadsheet dropped its leading zeros, "
            f"write {padded}."
        )
    if re.match(r"^\d{5}-?\d{4}$", value):
        return f"“{value}” is a ZIP+4 code: write just the first 5 digits, {value[:5]}."
    return f"“{value}” is not a 5-digit ZIP code."


def parse_states(value):
    states, errors = set(), []
    for item in _items(value, _LIST_SEPARATORS):
        code = item.upper()
        if code in STATE_NAMES:
            states.add(code)
        else:
            errors.append(f"“{item}” is not a US state or territory code (for example IA or NJ).")
    return sorted(states), errors


def parse_county(text):
    """'Polk County, IA' → ('Polk County', 'IA') in the data's spelling; raises ValueError."""
    name, sep, state_text = text.rpartition(",")
    if not sep or not name.strip():
        raise ValueError(f"“{text}”: write the county with its state, for example “Polk County, IA”.")
    state = state_code(state_text)
    if state is None:
        raise ValueError(f"“{text}”: “{state_text.strip()}” is not a US state or territory code.")
    county = get_index().county(name.strip(), state)
    if county is None:
        raise ValueError(f"“{text}”: there is no county called “{name.strip()}” in {STATE_NAMES[state]}.")
    return county, state


def parse_counties(value):
    """Counties, one per line or separated by semicolons."""
    counties, errors = set(), []
    for item in _items(value, r"[;\n]+"):
        try:
            counties.add(parse_county(item))
        except ValueError as error:
            errors.append(str(error))
    return [f"{name}, {state}" for name, state in sorted(counties, key=lambda c: (c[1], c[0]))], errors


def parse_zips(value):
    zips, errors = set(), []
    for item in _items(value, _LIST_SEPARATORS):
        error = zip_error(item)
        if error:
            errors.append(error)
        else:
            zips.add(item)
    return sorted(zips), errors


def format_states(states):
    return ";".join(states)


def format_counties(counties):
    return "\n".join(counties)


def format_zips(zips):
    return " ".join(zips)
