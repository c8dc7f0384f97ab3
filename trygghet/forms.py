from django import forms
from django.utils.translation import gettext_lazy as _


class GeometryField(forms.JSONField):
    """GeoJSON typed or pasted into a form: unreadable JSON, or JSON nested deeper than Python
    can parse, is a field error; what the JSON means is Area.clean()'s to judge."""

    default_error_messages = {"invalid": _("Geometrin är inte giltig JSON.")}

    def to_python(self, value):
        try:
            return super().to_python(value)
        except RecursionError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None

    def bound_data(self, data, initial):
        try:
            return super().bound_data(data, initial)
        except RecursionError:
            return forms.fields.InvalidJSONInput(data)
