"""Password and user-name rules: long enough, not guessable, not the user's own name.

Strength is judged by zxcvbn (Dropbox's estimator, with its shipped lists of common
passwords, names and words), told the user's name so that a variation of it scores low.
User names must not mix scripts (a Cyrillic 'а' in 'аdmin' looks like the admin).
"""

from __future__ import annotations

import unicodedata

from confusable_homoglyphs import confusables
from zxcvbn import zxcvbn

MIN_LENGTH = 10
MAX_LENGTH = 256
# zxcvbn's 0-4 scale: 3 is "safely unguessable: moderate protection from offline attacks".
MIN_SCORE = 3
# Words every password of this office is likely to be built from.
LOCAL_WORDS = ("outreach", "opsøgende", "kommune", "københavn", "jobcenter", "borger")


def password_problem(password: str, username: str, full_name: str = "") -> str | None:
    """Why `password` is refused for this user, as a code, or None when it is acceptable.

    Codes: too_short, too_long, contains_username, too_common.
    """
    if len(password) < MIN_LENGTH:
        return "too_short"
    if len(password) > MAX_LENGTH:
        return "too_long"
    name = username.strip().casefold()
    if name and (name in password.casefold()
                 or password.casefold() in name):
        return "contains_username"
    inputs = [username, *full_name.split(), *LOCAL_WORDS]
    # zxcvbn is quadratic in the length; the first 100 characters decide well enough.
    if zxcvbn(password[:100], user_inputs=inputs)["score"] < MIN_SCORE:
        return "too_common"
    return None


def username_problem(username: str) -> str | None:
    """Why a user name is refused, as a code, or None. Codes: mixed_script, invisible."""
    if any(unicodedata.category(ch) in ("Cf", "Cc", "Zl", "Zp") for ch in username):
        return "invisible"
    if confusables.is_mixed_script(username):
        return "mixed_script"
    return None
