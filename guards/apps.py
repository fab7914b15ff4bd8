from django.apps import AppConfig


class GuardsConfig(AppConfig):
    name = "guards"
    verbose_name = "Input guards"

    def ready(self):
        from . import converters  # noqa: F401  (registers the `id` path converter before URLs load)
        from .dates import install_form_date_range

        install_form_date_range()
