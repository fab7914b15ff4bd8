"""Bulk files of every public event date (CSV and JSON), and the data dictionary that describes them.

Both files hold exactly the API's event records; the CSV columns are the records' fields flattened
to dotted names (location.address.addressLocality). The dictionary is read from the schemas, so a
field cannot be added to the files without being described.
"""

import csv
import io
import json
import types
import typing

from django.conf import settings
from pydantic import BaseModel

from .. import schemas
from . import records

# A spreadsheet runs a cell starting with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
LIST_SEPARATOR = "; "


def _unwrap(annotation):
    """(inner type, nullable) for `X | None`."""
    args = typing.get_args(annotation)
    if typing.get_origin(annotation) in (typing.Union, types.UnionType) and type(None) in args:
        inner = [a for a in args if a is not type(None)]
        return inner[0], True
    return annotation, False


def _type_name(annotation):
    origin = typing.get_origin(annotation)
    if origin is typing.Literal:
        return "text, one of: " + ", ".join(typing.get_args(annotation))
    if origin is list:
        return "list of text (CSV: separated by “; ”)"
    return {int: "integer", float: "decimal number", bool: "true/false", str: "text"}.get(annotation, "text")


def dictionary(model=schemas.Event, prefix=""):
    """Rows of the data dictionary: name (dotted path), type, may be empty, description."""
    rows = []
    for name, field in model.model_fields.items():
        annotation, nullable = _unwrap(field.annotation)
        path = f"{prefix}{name}"
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            rows.extend(dictionary(annotation, prefix=path + "."))
            continue
        rows.append(
            {"name": path, "type": _type_name(annotation), "nullable": nullable, "description": field.description or ""}
        )
    return rows


def csv_columns():
    return [row["name"] for row in dictionary()] + ["license"]


def _flatten(record, prefix=""):
    flat = {}
    for key, value in record.items():
        if isinstance(value, dict):
            flat.update(_flatten(value, prefix=f"{prefix}{key}."))
        else:
            flat[f"{prefix}{key}"] = value
    return flat


def safe_cell(value):
    """Text a spreadsheet shows as text: formulas are defused with a leading apostrophe."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, list):
        value = LIST_SEPARATOR.join(str(v) for v in value)
    value = str(value)
    if value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def event_records(request=None):
    return [records.event_record(occurrence, request) for occurrence in records.public_occurrences()]


def events_csv(request=None):
    """UTF-8 with a byte-order mark, so spreadsheets read accents right; one row per date."""
    columns = csv_columns()
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns)
    license_url = records.license_url()
    for record in event_records(request):
        flat = _flatten(record)
        flat["license"] = license_url
        writer.writerow([safe_cell(flat.get(column)) for column in columns])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def events_json(request=None):
    document = {
        "license": {"name": records.license_name(), "url": records.license_url()},
        "publisher": settings.CONVENE_OPEN_DATA_PUBLISHER,
        "description": "Every public event date on this site. Fields are described on the open data page.",
        "updateFrequency": settings.CONVENE_OPEN_DATA_UPDATE_FREQUENCY,
        "events": event_records(request),
    }
    return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")
