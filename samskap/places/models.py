from django.db import models
from django.utils.translation import gettext_lazy as _


class County(models.Model):
    """A county (fylke) as numbered from 2024-01-01."""

    number = models.CharField(_("number"), max_length=2, primary_key=True)
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        verbose_name = _("county")
        verbose_name_plural = _("counties")
        ordering = ["number"]

    def __str__(self) -> str:
        return self.name


class Municipality(models.Model):
    """A municipality (kommune) valid from 2024-01-01; `number` is the 4-digit code as text."""

    number = models.CharField(_("number"), max_length=4, primary_key=True)
    name = models.CharField(_("official name"), max_length=100)
    name_norwegian = models.CharField(_("Norwegian name"), max_length=100)
    county = models.ForeignKey(
        County, on_delete=models.PROTECT, related_name="municipalities", verbose_name=_("county")
    )
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    sami_administrative_area = models.BooleanField(
        _("in the Sami administrative area"), default=False
    )

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["name_norwegian"]

    def __str__(self) -> str:
        return self.name


class MunicipalityRenumbering(models.Model):
    """One line of the 2024 renumbering: an old municipality number and what it became.

    A municipality that was split has several lines; `primary` marks the one that kept its name.
    """

    old_number = models.CharField(_("old number"), max_length=4, db_index=True)
    old_name = models.CharField(_("old name"), max_length=100)
    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="+", verbose_name=_("municipality")
    )
    primary = models.BooleanField(_("primary successor"), default=True)
    valid_from = models.DateField(_("valid from"))

    class Meta:
        verbose_name = _("municipality renumbering")
        verbose_name_plural = _("municipality renumberings")
        constraints = [
            models.UniqueConstraint(
                fields=["old_number", "municipality"], name="places_renumbering_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.old_number} → {self.municipality_id}"
