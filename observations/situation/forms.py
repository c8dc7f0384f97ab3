from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ANALYSIS_MAX, RECOMMENDATIONS_MAX


class CompileForm(forms.Form):
    week = forms.CharField(
        label=_("Vecka"), max_length=20, help_text=_("År och vecka, till exempel 2026-W46."),
        error_messages={"required": _("Ange en vecka.")},
    )


class AnalysisForm(forms.Form):
    analysis = forms.CharField(
        label=_("Analys"), required=False, max_length=ANALYSIS_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    recommendations = forms.CharField(
        label=_("Rekommenderade insatser"), required=False, max_length=RECOMMENDATIONS_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    # The revision of the analysis this form showed.
    revision = forms.IntegerField(required=False, widget=forms.HiddenInput)


class CorrectionForm(forms.Form):
    """A correction of a published lägesbild: the corrected text and why."""

    analysis = forms.CharField(
        label=_("Analys"), max_length=ANALYSIS_MAX, widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Skriv en analys.")},
    )
    recommendations = forms.CharField(
        label=_("Rekommenderade insatser"), required=False, max_length=RECOMMENDATIONS_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    reason = forms.CharField(
        label=_("Varför rättas lägesbilden?"), max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Visas för alla som läser lägesbilden, med ditt namn och tiden."),
        error_messages={"required": _("Skriv varför lägesbilden rättas.")},
    )
