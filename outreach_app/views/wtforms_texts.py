"""WTForms' own validation messages, translated by the app's catalogue.

WTForms ships no Danish catalogue, so without this a Danish form said "This field is
required." in English. CleanForm hands WTForms these translations; the messages are
listed below so that scripts/i18n.sh extracts them into messages.po (WTForms' source is
not scanned).
"""

from __future__ import annotations

from flask_babel import get_translations
from flask_babel import lazy_gettext as _l

# The messages of the validators and fields our forms use (wtforms 3.x wording). A
# plural message is listed in both forms: Danish, like English, uses the singular for 1.
MESSAGES = (
    _l("This field is required."),
    _l("Not a valid choice."),
    _l("Invalid Choice: could not coerce."),
    _l("Invalid choice(s): one or more data inputs could not be coerced."),
    _l("'%(value)s' is not a valid choice for this field."),
    _l("'%(value)s' are not valid choices for this field."),
    _l("Not a valid date value."),
    _l("Not a valid datetime value."),
    _l("Not a valid time value."),
    _l("Not a valid integer value."),
    _l("Not a valid decimal value."),
    _l("Not a valid float value."),
    _l("Field must be at least %(min)d character long."),
    _l("Field must be at least %(min)d characters long."),
    _l("Field cannot be longer than %(max)d character."),
    _l("Field cannot be longer than %(max)d characters."),
    _l("Field must be exactly %(max)d character long."),
    _l("Field must be exactly %(max)d characters long."),
    _l("Field must be between %(min)d and %(max)d characters long."),
    _l("Number must be at least %(min)s."),
    _l("Number must be at most %(max)s."),
    _l("Number must be between %(min)s and %(max)s."),
    _l("Field must be equal to %(other_name)s."),
    _l("Invalid input."),
)


class AppTranslations:
    """The `translations` object WTForms asks (gettext/ngettext), answering from the
    catalogue of the request's language. WTForms fills the %(...)s values itself."""

    def gettext(self, string: str) -> str:
        return get_translations().ugettext(string)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.gettext(singular if n == 1 else plural)


translations = AppTranslations()
