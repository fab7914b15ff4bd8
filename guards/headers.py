"""Response headers: the Content-Security-Policy (django-csp) and the Permissions-Policy.

The site's own pages run only scripts and styles from /static/ (and scripts carrying the request's
nonce). Wagtail's admin prints small inline scripts without a nonce (its date pickers and inline
panels) and sets inline styles, so its pages, and only those, also allow inline scripts and styles.
"""

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django_permissions_policy.decorators import permissions_policy_override


class ConveneCSPMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and request.path_info.startswith(tuple(settings.CONVENE_CSP_ADMIN_PREFIXES)):
            replace = dict(parts.replace or {})
            replace.update(settings.CONVENE_CSP_ADMIN_REPLACE)
            return PolicyParts(parts.config, parts.update, replace, parts.nonce)
        return parts


def allow_camera(view):
    """The one kind of page that may use the camera (on this site's own origin): the check-in scanner."""
    return permissions_policy_override({**settings.PERMISSIONS_POLICY, "camera": "self"})(view)
