"""The French catalogue, read and compiled the way set-up does it (Babel, no GNU gettext needed), and
the messages the code marks for translation today, extracted the way `makemessages` does it."""

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
LOCALE_DIR = ROOT / "locale"
FRENCH_PO = LOCALE_DIR / "fr" / "LC_MESSAGES" / "django.po"
MAKEMESSAGES = "manage.py makemessages -l fr --ignore=.venv --ignore=tests --ignore=bench --no-obsolete"

# Not source: left out of the scratch copy that makemessages reads (tests and bench are not user-facing, and the
# repo's own locale dir stays out so the extraction starts empty and nothing is merged or marked fuzzy).
_NOT_SOURCE = shutil.ignore_patterns(
    ".git",
    ".venv",
    "node_modules",
    "locale",
    "tests",
    "bench",
    "media",
    "staticfiles",
    "artifacts",
    "__pycache__",
    ".pytest_cache",
    ".hypothesis",
    "*.pyc",
    "*.mo",
    "db.sqlite3*",
)


def read_catalogue(path):
    with open(path, "rb") as f:
        return read_po(f)


def compile_catalogues():
    """Compile each committed .po into the .mo Django reads when the .mo is missing or older, as `make setup`
    does (fuzzy entries left out). Written beside and renamed, so a reader never sees half a file."""
    for po in LOCALE_DIR.glob("*/LC_MESSAGES/*.po"):
        mo = po.with_suffix(".mo")
        if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
            continue
        catalogue = read_catalogue(po)
        fd, scratch = tempfile.mkstemp(dir=po.parent, suffix=".mo-tmp")
        with os.fdopen(fd, "wb") as out:
            write_mo(out, catalogue, use_fuzzy=False)
        os.chmod(scratch, 0o644)  # mkstemp makes it private; the site may run as another user
        os.replace(scratch, mo)


def extract_messages():
    """Every message the source marks for translation now (Python, templates, emails, JS in templates): Django's
    makemessages run over a scratch copy of the source, so the repo's locale dir is never written."""
    with tempfile.TemporaryDirectory(prefix="convene-makemessages-") as scratch:
        copy = Path(scratch) / "src"
        shutil.copytree(ROOT, copy, ignore=_NOT_SOURCE, symlinks=True)
        (copy / "locale").mkdir()
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "convene.settings.test"}
        subprocess.run(
            [sys.executable, *MAKEMESSAGES.split()],
            cwd=copy,
            env=env,
            check=True,
            capture_output=True,
            timeout=120,
        )
        return read_catalogue(copy / "locale" / "fr" / "LC_MESSAGES" / "django.po")


_PERCENT = re.compile(r"%(?:\(\w+\))?[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]")
_BRACE = re.compile(r"\{\w*\}")


def placeholders(text, flags):
    """The placeholders a formatted string must keep: %-style ones when xgettext saw a python-format string,
    and {name} ones always (French text has no other use for braces)."""
    found = sorted(_BRACE.findall(text))
    if "python-format" in flags:
        found += sorted(_PERCENT.findall(text.replace("%%", "")))
    return sorted(found)


def is_translated(message):
    strings = message.string if isinstance(message.string, tuple | list) else (message.string,)
    return bool(strings) and all(strings)


def placeholder_errors(message):
    """How a translation's placeholders differ from its msgid's: each plural form must keep every placeholder of
    the singular and plural msgids together (French form 0 also says 0, so it needs the count)."""
    if not is_translated(message):
        return []
    ids = message.id if isinstance(message.id, tuple | list) else (message.id,)
    strings = message.string if isinstance(message.string, tuple | list) else (message.string,)
    if len(ids) == 1:
        wanted = placeholders(ids[0], message.flags)
    else:  # every plural form keeps each placeholder of either msgid (a form may repeat one)
        wanted = sorted(set().union(*(placeholders(i, message.flags) for i in ids)))
    errors = []
    for string in strings:
        got = placeholders(string, message.flags)
        if got != wanted if len(ids) == 1 else sorted(set(got)) != wanted:
            errors.append(f"{ids[0]!r}: expected {wanted}, translation {string!r} has {got}")
    return errors
