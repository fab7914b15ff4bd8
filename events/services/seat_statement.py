"""A registration's seat decision as one database call on PostgreSQL.

At the opening minute of a popular date every registration waits for the date's row lock, so what
counts is how long one registration holds it. Done from Python, the locked section is four round trips
(lock, count, insert, audit) plus the commit, and between them the holding thread waits for the
interpreter and the CPU while dozens of other requests run: measured at ~30 ms a registration, which
lines a burst up at ~30 registrations a second. Here the same rules run inside PostgreSQL in one call:
the function takes the lock, counts (a new statement, so it sees every registration committed before
the lock was granted), inserts the registration and its audit row, and the call commits at once. The
lock is held for the server's own work only.

The rules are those of `seats.seat_holding` and `registration._take_seat_or_wait`; the PostgreSQL race
tests run through this path and check them. Holds that ran out but were not released yet are left to
the Python path (the function answers with no row): freeing them promotes waiting people first.
"""

import json
import logging

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.db.models.signals import post_save

from ..models import Registration
from .seats import lock_log

CREATE_FUNCTION = """
CREATE OR REPLACE FUNCTION convene_take_seat(
    p_occurrence bigint, p_ticket_type bigint, p_type_quantity integer, p_paid boolean, p_coc boolean,
    p_now timestamptz, p_hold interval, p_registration jsonb, p_audit jsonb
) RETURNS TABLE (registration_id bigint, decided_status varchar, decided_at timestamptz, held_ms double precision)
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    v_limit integer;
    v_locked timestamptz;
    v_now timestamptz;
    v_taken integer;
    v_expired integer;
    v_taken_type integer;
    v_status varchar(20);
    v_row events_registration;
BEGIN
    SELECT COALESCE(o.capacity, e.capacity) INTO v_limit
      FROM events_occurrence o JOIN events_eventpage e ON e.page_ptr_id = o.event_id
     WHERE o.id = p_occurrence
       FOR UPDATE OF o;
    IF NOT FOUND THEN
        RETURN;
    END IF;
    v_locked := clock_timestamp();
    -- The moment of the seat decision, under the lock: it orders the waitlist.
    v_now := COALESCE(p_now, v_locked);
    WITH r AS (
        SELECT ticket_type_id,
               status = 'confirmed' OR (status = 'pending_payment'
                                        AND (hold_expires_at IS NULL OR hold_expires_at > v_now)) AS holding,
               status = 'pending_payment' AND hold_expires_at <= v_now AS expired
          FROM events_registration
         WHERE occurrence_id = p_occurrence
    )
    SELECT count(*) FILTER (WHERE holding),
           count(*) FILTER (WHERE expired),
           count(*) FILTER (WHERE holding AND ticket_type_id = p_ticket_type)
      INTO v_taken, v_expired, v_taken_type
      FROM r;
    IF v_expired > 0 THEN
        RETURN;
    END IF;
    IF (v_limit IS NOT NULL AND v_taken >= v_limit)
       OR (p_type_quantity IS NOT NULL AND v_taken_type >= p_type_quantity) THEN
        v_status := 'waitlisted';
    ELSIF p_paid THEN
        v_status := 'pending_payment';
    ELSE
        v_status := 'confirmed';
    END IF;
    v_row := jsonb_populate_record(NULL::events_registration, p_registration);
    v_row.id := nextval(pg_get_serial_sequence('events_registration', 'id'));
    v_row.status := v_status;
    v_row.created_at := v_now;
    v_row.updated_at := v_now;
    v_row.waitlisted_at := CASE WHEN v_status = 'waitlisted' THEN v_now END;
    v_row.hold_expires_at := CASE WHEN v_status = 'pending_payment' THEN v_now + p_hold END;
    v_row.coc_accepted_at := CASE WHEN p_coc THEN v_now END;
    INSERT INTO events_registration SELECT v_row.*;
    INSERT INTO events_auditlog (created_at, actor_id, action, registration_id, payment_id, occurrence_id, data)
    VALUES (v_now, (p_audit->>'actor_id')::bigint, p_audit->>'action', v_row.id, NULL, p_occurrence,
            jsonb_set(p_audit->'data', '{status}', to_jsonb(v_status)));
    RETURN QUERY SELECT v_row.id, v_status::varchar, v_now,
                        (extract(epoch FROM clock_timestamp() - v_locked) * 1000)::double precision;
END;
$$;
"""

DROP_FUNCTION = (
    "DROP FUNCTION IF EXISTS convene_take_seat"
    "(bigint, bigint, integer, boolean, boolean, timestamptz, interval, jsonb, jsonb);"
)


def available():
    return connection.vendor == "postgresql"


def _row(instance):
    """The registration's columns as JSON, Django's defaults applied (status and times are set inside)."""
    return {
        field.column: getattr(instance, field.attname)
        for field in Registration._meta.concrete_fields
        if not field.primary_key
    }


def take_seat(registration, *, ticket_type, paid, accept_code_of_conduct, hold, now, actor, audit_data):
    """Decide and insert `registration` (unsaved) in one call. Returns it saved, or None when holds
    that ran out must be freed first (the caller then takes the Python path)."""
    arguments = [
        registration.occurrence_id,
        ticket_type.pk if ticket_type is not None else None,
        ticket_type.quantity if ticket_type is not None else None,
        paid,
        accept_code_of_conduct,
        now,
        hold,
        json.dumps(_row(registration), cls=DjangoJSONEncoder),
        json.dumps(
            {
                "actor_id": actor.pk if actor is not None and getattr(actor, "is_authenticated", False) else None,
                "action": "registration.created",
                "data": audit_data,
            },
            cls=DjangoJSONEncoder,
        ),
    ]
    sql = "SELECT * FROM convene_take_seat(%s, %s, %s, %s, %s, %s, %s, %s::jsonb, %s::jsonb)"
    # Outside a transaction the call commits by itself, so the lock ends with the server's work. Inside
    # one (a caller's atomic block, a test) a savepoint lets a double click's IntegrityError be handled.
    if connection.in_atomic_block:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, arguments)
            result = cursor.fetchone()
    else:
        with connection.cursor() as cursor:
            cursor.execute(sql, arguments)
            result = cursor.fetchone()
    if result is None:
        return None
    registration_id, status, decided, held_ms = result
    if lock_log.isEnabledFor(logging.DEBUG):
        lock_log.debug(
            "date %s lock held %.2f ms (in the database, before commit)", registration.occurrence_id, held_ms
        )
    registration.pk = registration_id
    registration.status = status
    registration.created_at = registration.updated_at = decided
    registration.waitlisted_at = decided if status == "waitlisted" else None
    registration.hold_expires_at = decided + hold if status == "pending_payment" else None
    registration.coc_accepted_at = decided if accept_code_of_conduct else None
    registration._state.adding = False
    registration._state.db = connection.alias
    # The rows were written by the database: tell the receivers (feed caches, ...) as a save would.
    post_save.send(
        sender=Registration, instance=registration, created=True, update_fields=None, raw=False, using=connection.alias
    )
    return registration
