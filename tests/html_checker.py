"""The Nu HTML checker (vnu.jar from npm, pinned and installed by `make setup-dev`) run on the machine's Java.

One JVM checks every page of a test at once; the result is the checker's error messages per page.
"""

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VNU_JAR = Path(os.environ.get("VNU_JAR", ROOT / ".venv/vnu/node_modules/vnu-jar/build/dist/vnu.jar"))


def vnu_command():
    java = shutil.which("java")
    if java is None:
        raise RuntimeError("The Nu HTML checker needs Java: apt-get install default-jre-headless (.ci/run does this).")
    if not VNU_JAR.exists():
        raise RuntimeError(f"{VNU_JAR} is missing: run `make setup-dev` (it installs the pinned vnu-jar).")
    return [java, "-Xss8m", "-jar", str(VNU_JAR), "--errors-only", "--format", "json", "--stdout"]


def html_errors(pages):
    """pages: {name: html}. Returns {name: ["line N: message (extract)", ...]} for pages with errors."""
    with tempfile.TemporaryDirectory(prefix="vnu-") as folder:
        names = {}
        for index, (name, html) in enumerate(pages.items()):
            (Path(folder) / f"page{index}.html").write_text(html, encoding="utf-8")
            names[f"page{index}.html"] = name
        result = subprocess.run(
            [*vnu_command(), *[str(Path(folder) / f"page{i}.html") for i in range(len(pages))]],
            capture_output=True,
            text=True,
            timeout=300,
        )
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError as exc:
        raise RuntimeError(f"The checker did not answer in JSON: {result.stderr[:2000]}") from exc
    errors = {}
    for message in report.get("messages", []):
        if message.get("type") not in ("error", "non-document-error"):
            continue
        url = message.get("url", "")
        name = names.get(url.rsplit("/", 1)[-1], url)
        where = f"line {message.get('lastLine', '?')}"
        extract = (message.get("extract") or "").replace("\n", " ")
        errors.setdefault(name, []).append(f"{where}: {message['message']} [{extract}]")
    return errors
