"""Run libical's iTIP/RFC 5545 restriction check (what Evolution runs) on .ics files.

Usage: /usr/bin/python3 restriction-check.py FILE...  (the system python, which has python3-gi
and Debian's gir1.2-ical-3.0). Prints JSON: per file, whether the check passed and the
X-LIC-ERROR texts libical attached. Exits 3 when ICalGLib 3.0 cannot be loaded.
"""

import json
import sys
from pathlib import Path

try:
    import gi

    gi.require_version("ICalGLib", "3.0")
    from gi.repository import ICalGLib
except (ImportError, ValueError) as exc:
    print(f"ICalGLib 3.0 is not available: {exc}", file=sys.stderr)
    sys.exit(3)

ERROR = ICalGLib.PropertyKind.XLICERROR_PROPERTY
ANY = ICalGLib.ComponentKind.ANY_COMPONENT


def errors(component):
    found = []
    prop = component.get_first_property(ERROR)
    while prop is not None:
        found.append(prop.get_xlicerror())
        prop = component.get_next_property(ERROR)
    child = component.get_first_component(ANY)
    while child is not None:
        found += errors(child)
        child = component.get_next_component(ANY)
    return found


result = {}
for path in sys.argv[1:]:
    component = ICalGLib.Component.new_from_string(Path(path).read_text("utf-8"))
    if component is None:
        result[path] = {"passed": False, "errors": ["libical could not parse the file"]}
        continue
    passed = bool(ICalGLib.restriction_check(component))
    result[path] = {"passed": passed, "errors": sorted(set(errors(component)))}
print(json.dumps(result))
