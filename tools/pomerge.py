"""Git merge driver for gettext catalogs: the union of both sides' translations.

Two branches that each added strings touch the same sorted .po file; a textual merge conflicts
where a catalog merge cannot. Enable once per clone:

    git config merge.pocatalog.driver "python tools/pomerge.py %O %A %B"

(.gitattributes routes *.po and *.pot here). Afterwards run `python tools/i18n.py extract`.
"""

import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po


def main(_base: str, ours: str, theirs: str) -> int:
    with open(ours, "rb") as f:
        mine = read_po(f)
    with open(theirs, "rb") as f:
        other = read_po(f)
    for message in other:
        if not message.id:
            continue
        current = mine.get(message.id, message.context)
        if current is None:
            mine[message.id] = message
        elif not current.string and message.string:
            current.string = message.string
            current.flags = set(message.flags)
    with open(ours, "wb") as f:
        write_po(
            f,
            mine,
            width=100,
            sort_output=True,
            omit_header=Path(ours).suffix == ".pot",
            no_location=Path(ours).suffix == ".pot",
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))
