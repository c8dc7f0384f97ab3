"""The Idempotency-Key header for API creates: the same key within 24 hours returns the first
answer (status and body) instead of creating a second row."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework.response import Response

from .. import idempotency

HEADER = "Idempotency-Key"

IDEMPOTENCY_PARAMETER = OpenApiParameter(
    HEADER, OpenApiTypes.STR, OpenApiParameter.HEADER, required=False,
    description=str(_(
        "Valfri nyckel (1–255 tecken, till exempel ett UUID) som gör anropet idempotent: samma "
        "nyckel från samma användare inom 24 timmar ger samma svar (status och innehåll) som "
        "första gången, utan att något skapas igen. Samma nyckel med ett annat innehåll ger 400. "
        "Ett upprepat svar har huvudet Idempotent-Replayed: true.")),
)

# The answer's header, documented on the success answers of the same operations.
REPLAYED_PARAMETER = OpenApiParameter(
    "Idempotent-Replayed", OpenApiTypes.STR, OpenApiParameter.HEADER, enum=["true", "false"],
    response=True, required=False,
    description=str(_("true när svaret är det upprepade svaret på en tidigare begäran med samma "
                      "Idempotency-Key.")),
)


class IdempotentCreateMixin:
    """Honours Idempotency-Key on `create`. Put it before CreateModelMixin. The schema
    documents the header on the actions named in `idempotent_actions`."""

    idempotent_actions = ("create",)

    def create(self, request, *args, **kwargs):
        key = request.headers.get(HEADER)
        if key is None:
            return super().create(request, *args, **kwargs)

        def perform():
            response = super(IdempotentCreateMixin, self).create(request, *args, **kwargs)
            return {"status": response.status_code, "data": response.data,
                    "headers": {k: v for k, v in response.items() if k == "Location"}}

        answer, replayed = idempotency.once(
            user=request.user, scope=f"api:{self.basename}:create", key=key,
            request_fingerprint=idempotency.fingerprint(request.data), perform=perform)
        response = Response(answer["data"], status=answer["status"], headers=answer["headers"])
        response["Idempotent-Replayed"] = "true" if replayed else "false"
        return response
