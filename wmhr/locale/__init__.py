"""Localisation of what participants read: gettext catalogs (`<lang>/LC_MESSAGES/wmhr.po`) for the
sentences and CLDR, through Babel, for dates, times, zone names, numbers and language names.

Importing this package is free; its modules import Babel, so only the commands that write
participant text (`wmhr ics`, `wmhr publish`) load them.
"""
