"""A lookup by primary key whose SQL is built once per process.

Building and compiling a query through the ORM costs far more CPU than running it: a date with its event
(select_related through Wagtail's page tables, ~65 columns) takes ~1.5 ms to compile and ~0.2 ms to run.
At the opening minute of a popular date every registration pays that, so the register view compiles the
query once and afterwards only sends it with a new primary key. The instances are built from the row the
way Django's ModelIterable builds them (from_db and the related populators), so they are the same objects
a `.get()` returns.
"""

from django.db import connections
from django.db.models.query import get_related_populators

# A primary key no row has, to find where the key goes among the compiled query's parameters.
_MARK = 7_340_032_019_284_551


class PreparedGet:
    def __init__(self, queryset_for):
        """`queryset_for(pk)`: the queryset that finds one row by `pk` (e.g. `M.objects.filter(pk=pk)`)."""
        self.queryset_for = queryset_for
        self._compiled = {}

    def _compile(self, alias):
        queryset = self.queryset_for(_MARK)
        compiler = queryset.query.get_compiler(using=alias)
        sql, params = compiler.as_sql()
        marks = [i for i, value in enumerate(params) if value == _MARK]
        if len(marks) != 1:
            raise ValueError("The queryset must use its primary key exactly once.")
        select, klass_info = compiler.select, compiler.klass_info
        fields = klass_info["select_fields"]
        start, end = fields[0], fields[-1] + 1
        return {
            "model": klass_info["model"],
            "compiler": compiler,
            "sql": sql,
            "params": list(params),
            "mark": marks[0],
            "slice": slice(start, end),
            "init_list": [column[0].target.attname for column in select[start:end]],
            "populators": get_related_populators(klass_info, select, alias),
        }

    def get(self, pk, using="default"):
        """The instance, or the model's DoesNotExist."""
        compiled = self._compiled.get(using)
        if compiled is None:
            # Two threads may both compile the first time; either result is the same.
            compiled = self._compiled[using] = self._compile(using)
        params = list(compiled["params"])
        params[compiled["mark"]] = pk
        with connections[using].cursor() as cursor:
            cursor.execute(compiled["sql"], params)
            found = cursor.fetchone()
        if found is None:
            raise compiled["model"].DoesNotExist
        row = next(iter(compiled["compiler"].results_iter([[found]])))
        instance = compiled["model"].from_db(using, compiled["init_list"], row[compiled["slice"]])
        for populator in compiled["populators"]:
            populator.populate(row, instance)
        return instance
