from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class AreaMapWidget(forms.Textarea):
    """A map to draw and edit an area's polygon, with the GeoJSON beside it for those who paste
    or type (and for keyboard users: the map is a pointer aid). The other areas are drawn
    faintly for reference."""

    template_name = "trygghet/widgets/area_map.html"

    class Media:
        css = {"all": ["leaflet/leaflet.css", "vendor/leaflet-geoman/leaflet-geoman.css",
                       "css/admin-map.css"]}
        js = ["leaflet/leaflet.js", "vendor/leaflet-geoman/leaflet-geoman.min.js", "js/maps.js",
              "js/area-draw.js"]

    def __init__(self, attrs=None, exclude=None):
        super().__init__(attrs={"rows": 6, "cols": 80, **(attrs or {})})
        self.exclude = exclude

    def get_context(self, name, value, attrs):
        from . import municipality
        from .geojson import area_collection
        from .models import Area

        context = super().get_context(name, value, attrs)
        others = Area.objects.order_by("-size")
        if self.exclude is not None:
            others = others.exclude(pk=self.exclude)
        context.update({
            "map_tiles_url": settings.MAP_TILES_URL,
            "map_tiles_attribution": settings.MAP_TILES_ATTRIBUTION,
            "bounds": ",".join(str(v) for v in municipality.current().bounds),
            "others": area_collection(others),
            "others_id": f"{context['widget']['attrs']['id']}-others",
        })
        return context


class GeometryField(forms.JSONField):
    """GeoJSON typed or pasted into a form: unreadable JSON, or JSON nested deeper than Python
    can parse, is a field error; what the JSON means is Area.clean()'s to judge."""

    default_error_messages = {
        "invalid": _("Geometrin är inte giltig JSON."),
        "required": _("Rita området i kartan eller klistra in GeoJSON."),
    }
    widget = AreaMapWidget

    def prepare_value(self, value):
        # A new area starts empty, not with the word "null".
        return "" if value is None else super().prepare_value(value)

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


class LoginForm(AuthenticationForm):
    """Django's login form, with the username's length checked on the server too (its limit
    was only the field's maxlength in the page): a longer name is no account's, and is refused
    as any unknown name, before the failed login is recorded where it would not fit."""

    def clean(self):
        username = self.cleaned_data.get("username") or ""
        if len(username) > self.fields["username"].max_length:
            raise self.get_invalid_login_error()
        return super().clean()
