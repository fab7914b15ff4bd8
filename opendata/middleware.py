"""HTTP behaviour shared by every public data answer (the API and the bulk downloads).

- CORS: any origin may read them with GET (no cookies are involved: they hold only public data), and
  a preflight (OPTIONS, sent when a browser adds If-None-Match) is answered here.
- Conditional GET on the API: a strong ETag and a Last-Modified, and 304 when the client has it.
- A Link header naming the licence.
"""

from django.conf import settings
from django.http import HttpResponse

from .services import conditional, records

CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Expose-Headers": "ETag, Last-Modified, Link, Retry-After",
}
PREFLIGHT_HEADERS = {
    "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
    "Access-Control-Allow-Headers": "If-None-Match, If-Modified-Since, Accept",
    "Access-Control-Max-Age": "86400",
}


class OpenDataMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        is_api = path.startswith(settings.CONVENE_API_PREFIX)
        is_data = is_api or path.startswith(settings.CONVENE_OPEN_DATA_DOWNLOAD_PREFIX)
        if not is_data:
            return self.get_response(request)
        if request.method == "OPTIONS":
            response = HttpResponse(status=204)
            _set(response, PREFLIGHT_HEADERS)
        else:
            response = self.get_response(request)
            if is_api:
                response = conditional.make_conditional(request, response)
                if not response.has_header("Cache-Control"):
                    response["Cache-Control"] = "public, max-age=60"
        _set(response, CORS_HEADERS)
        response["Link"] = f'<{records.license_url()}>; rel="license"'
        return response


def _set(response, headers):
    for name, value in headers.items():
        response[name] = value
