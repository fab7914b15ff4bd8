"""The open-data page, the bulk downloads and the API's readable documentation. Thin views."""

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from .api import api
from .services import bulk, conditional, ratelimit, records


def _throttled():
    response = JsonResponse({"detail": _("Too many requests from this address; try again shortly.")}, status=429)
    response["Retry-After"] = str(ratelimit.seconds_left())
    return response


def _download(request, body, content_type, filename):
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "public, max-age=300"
    return conditional.make_conditional(request, response)


@require_safe
def events_csv(request):
    if not ratelimit.allow(request):
        return _throttled()
    return _download(request, bulk.events_csv(request), "text/csv; charset=utf-8", "convene-events.csv")


@require_safe
def events_json(request):
    if not ratelimit.allow(request):
        return _throttled()
    return _download(request, bulk.events_json(request), "application/json", "convene-events.json")


@require_safe
def open_data_page(request):
    return render(
        request,
        "opendata/open_data.html",
        {
            "dictionary": bulk.dictionary(),
            "license_name": records.license_name(),
            "license_url": records.license_url(),
            "update_frequency": settings.CONVENE_OPEN_DATA_UPDATE_FREQUENCY,
            "rate_limit": settings.CONVENE_API_RATE_LIMIT,
        },
    )


def _operations(schema):
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            yield {
                "method": method.upper(),
                "path": path,
                "anchor": operation.get("operationId", ""),
                "summary": operation.get("summary", ""),
                "description": operation.get("description", ""),
                "parameters": operation.get("parameters", []),
                "responses": sorted(operation.get("responses", {}).items(), key=lambda item: str(item[0])),
            }


def _components(schema):
    for name, component in sorted(schema.get("components", {}).get("schemas", {}).items()):
        required = set(component.get("required", []))
        properties = [
            {
                "name": prop,
                "type": _type_text(spec),
                "required": prop in required,
                "description": spec.get("description", ""),
            }
            for prop, spec in component.get("properties", {}).items()
        ]
        yield {"name": name, "description": component.get("description", ""), "properties": properties}


def _type_text(spec):
    if "$ref" in spec:
        return spec["$ref"].rsplit("/", 1)[-1]
    if "anyOf" in spec:
        return " or ".join(_type_text(option) for option in spec["anyOf"])
    if "enum" in spec:
        return "one of " + ", ".join(str(v) for v in spec["enum"])
    if "const" in spec:
        return str(spec["const"])
    if spec.get("type") == "array":
        return "list of " + _type_text(spec.get("items", {}))
    kind = spec.get("type", "any")
    return f"{kind} ({spec['format']})" if "format" in spec else str(kind)


@require_safe
def api_docs(request):
    """The OpenAPI document as a page: no script, no CDN, so it works offline and under the CSP."""
    schema = api.get_openapi_schema()
    operations = list(_operations(schema))
    for operation in operations:
        for parameter in operation["parameters"]:
            parameter["type_text"] = _type_text(parameter.get("schema", {}))
            parameter.setdefault("description", parameter.get("schema", {}).get("description", ""))
    return render(
        request,
        "opendata/api_docs.html",
        {
            "info": schema["info"],
            "operations": operations,
            "components": list(_components(schema)),
            "openapi_url": settings.CONVENE_API_PREFIX + "openapi.json",
            "api_prefix": settings.CONVENE_API_PREFIX,
        },
    )
