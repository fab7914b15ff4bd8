"""The Stripe webhook: verified, applied once, 503 on a lock timeout so Stripe retries."""

import logging

from django.db import OperationalError
from django.http import HttpResponse, HttpResponseBadRequest
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from ..exceptions import InvalidWebhook
from ..services.payments import parse_webhook, process_stripe_event

logger = logging.getLogger(__name__)


@csrf_exempt  # authenticated by the Stripe-Signature HMAC instead
@require_POST
def stripe_webhook(request):
    try:
        event = parse_webhook(request.body, request.headers.get("Stripe-Signature"))
    except InvalidWebhook as error:
        logger.warning("Stripe webhook refused: %s", error)
        return HttpResponseBadRequest(f"invalid webhook: {error}")
    try:
        outcome = process_stripe_event(event)
    except OperationalError:
        logger.warning("Stripe event %s hit a lock timeout; asking Stripe to retry", event["id"])
        return HttpResponse("busy, retry", status=503, headers={"Retry-After": "5"})
    logger.info("Stripe event %s (%s): %s", event["id"], event["type"], outcome)
    return HttpResponse(outcome)
