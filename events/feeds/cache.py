"""Feed generations: what tells every process that its cached feeds are out of date.

Every feed is cached under the generation tokens read from the database before it was built: `all` (every
feed) and, for a private feed, `user:<pk>`. A change replaces the tokens right after it commits, whichever
process made it (a web request, the task worker, a cron command, a shell), so the next request in any
process reads the new token and builds again. The warm path costs one indexed read of one or two rows.

The bump runs after commit, not inside the change's transaction: updating a shared row there would hold
its lock until commit and serialise every writer (a registration's locked section stays one query). A
request that read the old token and built from data committed meanwhile is caught by the bump that
follows the commit; a request reading the new token sees the committed data.
"""

import uuid

from django.db import connection, transaction

from ..models import FeedGeneration

GLOBAL = "all"


def user_scope(user_pk):
    return f"user:{user_pk}"


def _new_token():
    return uuid.uuid4().hex


def _read(scopes):
    # Every feed request runs this: plain SQL on the primary key, without the ORM's per-query overhead.
    quote = connection.ops.quote_name
    sql = "SELECT {key}, {token} FROM {table} WHERE {key} IN ({params})".format(  # noqa: S608 (names are constants; values are parameters)
        key=quote("key"),
        token=quote("token"),
        table=quote(FeedGeneration._meta.db_table),
        params=", ".join(["%s"] * len(scopes)),
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, scopes)
        return dict(cursor.fetchall())


def generations(user_pk=None):
    """(token of every feed, token of the person's private feed or ""), one query when the rows exist."""
    scopes = [GLOBAL] if user_pk is None else [GLOBAL, user_scope(user_pk)]
    found = _read(scopes)
    missing = [scope for scope in scopes if scope not in found]
    if missing:
        # First request since the database was created: random tokens, so a cache that outlived an older
        # database never matches.
        FeedGeneration.objects.bulk_create(
            [FeedGeneration(key=scope, token=_new_token()) for scope in missing], ignore_conflicts=True
        )
        found = _read(scopes)
    return found[GLOBAL], found.get(user_scope(user_pk), "") if user_pk is not None else ""


def bump(*scopes):
    """Give these scopes new tokens now (one statement; creates missing rows).

    Plain SQL, like `_read`: every registration runs this after its commit, and the ORM's upsert cost
    about as much CPU as the seat decision itself. One statement needs no transaction of its own."""
    quote = connection.ops.quote_name
    # Names are constants; values are parameters.
    sql = (  # noqa: S608
        "INSERT INTO {table} ({key}, {token}) VALUES {rows} "
        "ON CONFLICT ({key}) DO UPDATE SET {token} = EXCLUDED.{token}"
    ).format(
        table=quote(FeedGeneration._meta.db_table),
        key=quote("key"),
        token=quote("token"),
        rows=", ".join(["(%s, %s)"] * len(scopes)),
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [value for scope in scopes for value in (scope, _new_token())])


def _after_commit(scope):
    # Outside a transaction this runs at once. robust: the change is committed whatever happens here.
    transaction.on_commit(lambda: bump(scope), robust=True)


def invalidate_all():
    """Every feed is rebuilt on its next request after the current transaction commits."""
    _after_commit(GLOBAL)


def invalidate_user(user_pk):
    """The person's private feed is rebuilt on its next request after the current transaction commits."""
    _after_commit(user_scope(user_pk))
