"""A message said again in another language. The parsers and checks (values.py, refs.py,
validation.py …) raise their messages as finished text in the language of the moment; the error
workbook speaks the partner's language. Rather than thread message ids through every parser, a
message is matched back against the catalog of the language it was made in — which msgid, with
which arguments — and said again in the wanted one. A text no template matches stays as it is.
"""

import re
import string
from functools import cache
from typing import Literal

from ....i18n import catalog, translate_in

_FIELD = re.compile(r"^[A-Za-z_]\w*$")
# A template with fewer letters of its own ("{shown} из {found}") would match texts it never made.
MIN_LETTERS = 6


@cache
def _templates(lang: str) -> tuple[dict[str, str], list[tuple[re.Pattern[str], str]]]:
    """(translation → msgid for plain messages, [(pattern of a translation, msgid)] for templates,
    most specific first)."""
    exact: dict[str, str] = {}
    patterns: list[tuple[int, re.Pattern[str], str]] = []
    translations = catalog(lang)
    for msgid in getattr(translations, "_catalog", {}):
        if not isinstance(msgid, str) or not msgid or "\x04" in msgid:  # plurals and contexts: not here
            continue
        text = translations.gettext(msgid)
        pattern = _pattern(text)
        if pattern is None:
            exact.setdefault(text, msgid)
        elif pattern is not False:
            letters = sum(c.isalpha() for part, *_rest in string.Formatter().parse(text) for c in part)
            if letters >= MIN_LETTERS:
                patterns.append((letters, pattern, msgid))
    patterns.sort(key=lambda entry: -entry[0])
    return exact, [(pattern, msgid) for _literal, pattern, msgid in patterns]


def _pattern(text: str) -> re.Pattern[str] | Literal[False] | None:
    """A regular expression that matches the text with any arguments (None: it has none; False:
    one it cannot take apart, such as a positional `{}`)."""
    parts, names = [], set()
    try:
        pieces = list(string.Formatter().parse(text))
    except ValueError:
        return False
    for literal, name, _spec, _conversion in pieces:
        parts.append(re.escape(literal))
        if name is None:
            continue
        if not _FIELD.match(name):
            return False
        parts.append(f"(?P={name})" if name in names else f"(?P<{name}>.+?)")
        names.add(name)
    if not names:
        return None
    return re.compile("".join(parts), re.DOTALL)


def recognise(text: str, lang: str) -> tuple[str, dict[str, str]] | None:
    """(msgid, arguments) of a message made in `lang`, or None."""
    exact, patterns = _templates(lang)
    if text in exact:
        return exact[text], {}
    for pattern, msgid in patterns:
        if match := pattern.fullmatch(text):
            return msgid, match.groupdict()
    return None


def retranslate(text: str, from_lang: str, to_lang: str) -> str:
    """`text`, made in `from_lang`, in `to_lang`; as it is when it is not one of our messages."""
    if from_lang == to_lang or not text:
        return text
    found = recognise(text, from_lang)
    if found is None:
        return text
    msgid, arguments = found
    try:
        return translate_in(to_lang, msgid).format(**arguments)
    except (KeyError, IndexError, ValueError):
        return text
