"""The instructions sheet: what the file is, how to edit it, what not to touch, how to add rows —
in Russian, Uzbek and Kazakh, the exporter's language first."""

from ....i18n import LANGUAGES, N_, translate_in
from ....models import DeadlineKind, MinutesStatus
from ...fields import ENTITIES
from ...formatting import format_deadline
from ...labels import label

# The languages' own names: the same in every language, so not translated.
ENDONYMS = {"ru": "Русский", "uz": "Oʻzbekcha", "kk": "Қазақша"}

TITLE = N_("Exchange workbook of the Uzbekistan–Kazakhstan working group on industrial cooperation")
ABOUT = N_(
    "Sent by the secretariat of {side} on {date}, file No. {sequence}. Made with Secretariat desk {version}."
)
SECTIONS = (
    (
        N_("What this file is"),
        N_(
            "The records of the working group, one sheet for each kind: projects, the roadmap and its "
            "progress reports, meetings with their agenda items and decisions, organizations, people and "
            "sectors. Edit the file in Excel and send it back by e-mail: the program of the other side "
            "merges your changes with its own data."
        ),
    ),
    (
        N_("How to edit"),
        N_(
            "Change the cells as you need. Choose statuses, sides, sectors and organizations from the "
            "drop-down lists. Enter dates as DD.MM.YYYY. Separate several organizations or people in one "
            "cell with a semicolon and write them as in the drop-down list. Texts have a column for each "
            "language: Russian, Uzbek and Kazakh."
        ),
    ),
    (
        N_("Deadlines"),
        N_(
            "A roadmap deadline is a date, a quarter written as in the other rows (for example, "
            "“{quarter}”), or “{regular}”. Measures that are past their deadline and not done are "
            "highlighted in red; the highlight follows today's date."
        ),
    ),
    (
        N_("What not to touch"),
        N_(
            "Do not change the UUID column, the hidden first row, the hidden columns and sheets, and do not "
            "rename the sheets: by them the program recognises every record. Do not delete a row to remove "
            "a record; change its status or write in its notes instead: the program reports a missing row "
            "and does not delete the record."
        ),
    ),
    (
        N_("How to add rows"),
        N_(
            "To add a record, fill in an empty row below the last one (or insert a row) and leave its UUID "
            "cell empty: the program creates a new record from it. A new roadmap item needs its number "
            "and, for a sub-item, the number of the item it belongs to in the column “{parent}”. Add new "
            "organizations and people on their own sheets before you refer to them."
        ),
    ),
    (
        N_("Meetings and minutes"),
        N_(
            "The minutes of a meeting whose minutes status is “{signed}” are final: their text, the "
            "meeting's agenda items and decisions are not changed; the program refuses such changes "
            "until the minutes are unlocked, with a reason, in the program. Agenda items without a "
            "meeting are questions proposed for a future meeting: to put one on a meeting's agenda, "
            "choose the meeting in its row."
        ),
    ),
    (
        N_("Protection"),
        N_(
            "The sheets are protected without a password only to keep the UUID column safe: everything "
            "else can be edited, filtered and formatted. Excel does not sort a protected sheet: to sort, "
            "unprotect it (Review → Unprotect Sheet), sort whole rows and protect it again."
        ),
    ),
)


def instruction_blocks(lang: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """(language name, [(heading, paragraph)]) for each language, `lang` first."""
    parent_label = ENTITIES["roadmap_item"].field("parent").label
    blocks = []
    for code in (lang, *(c for c in LANGUAGES if c != lang)):
        values = {
            "signed": label(MinutesStatus.SIGNED, code),
            "quarter": format_deadline(DeadlineKind.QUARTER, None, 2026, 4, code),
            "regular": format_deadline(DeadlineKind.PERMANENT, None, None, None, code),
            "parent": translate_in(code, parent_label),
        }
        paragraphs = [
            (translate_in(code, heading), translate_in(code, text).format(**values))
            for heading, text in SECTIONS
        ]
        blocks.append((ENDONYMS[code], paragraphs))
    return blocks
