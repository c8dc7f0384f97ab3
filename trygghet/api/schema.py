"""The OpenAPI schema's rules for every operation, so that no view documents its errors by hand.

Every error answer is JSON in one of three shapes (`trygghet.api.errors`): `Error`
(`{"detail": "..."}`), `ValidationError` (messages per field) and `Conflict` (a stale change,
with what changed meanwhile). Which answers an operation may give follows from what it takes:

- 401 and 403 for every operation (authentication first, then the role), 429 for every
  operation (the per-user rate);
- 400 for an operation that takes a body or query parameters, or changes anything (a service's
  refusal is a 400 on the field it names);
- 404 for an operation with a path parameter, and for a paginated list (a page or cursor that
  does not exist);
- 409 where the body has a writable `revision` and the operation acts on an existing row (a
  change made from a stale read);
- 413 and 415 where there is a body (a body over its limit; the API reads JSON only);
- the `Idempotency-Key` header exactly on the actions a viewset honours it on
  (`idempotent_actions`, which `IdempotentCreateMixin` sets to its create).
"""

from drf_spectacular import openapi
from drf_spectacular.plumbing import ResolvedComponent, force_instance, is_serializer

from .idempotency import IDEMPOTENCY_PARAMETER, REPLAYED_PARAMETER

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")

ERROR = "Error"
VALIDATION_ERROR = "ValidationError"
CONFLICT = "Conflict"

MESSAGES = {"type": "array", "items": {"type": "string"}}

COMPONENTS = {
    ERROR: {
        "type": "object",
        "description": "Ett fel som inte gäller ett enskilt fält.",
        "properties": {"detail": {"type": "string"}},
        "required": ["detail"],
    },
    VALIDATION_ERROR: {
        "description": (
            "Felmeddelanden per fält (på svenska): fältets namn med en lista av meddelanden, "
            "eller för ett nästlat fält dess fel på samma sätt. `non_field_errors` gäller hela "
            "begäran; `detail` säger att innehållet inte gick att läsa. En lista som innehåll "
            "får en lista tillbaka: felen för varje post i samma ordning."),
        "anyOf": [
            {"type": "object", "properties": {"detail": {"type": "string"},
                                              "non_field_errors": MESSAGES},
             "additionalProperties": {"anyOf": [{"type": "array"}, {"type": "object"}]}},
            {"type": "array", "items": {"type": "object"}},
        ],
    },
    CONFLICT: {
        "type": "object",
        "description": (
            "Ändringen gjordes utifrån en inaktuell läsning: någon annan har ändrat sedan dess. "
            "Meddelandet står på fältet `revision` (eller `non_field_errors`)."),
        "properties": {
            "changed_by": {"type": "string"},
            "changed_at": {"type": "string", "format": "date-time", "nullable": True},
            "changes": {"type": "object", "additionalProperties": True,
                        "description": "Fält som ändrades: [före, efter]."},
        },
        "required": ["changed_by", "changed_at", "changes"],
        "additionalProperties": MESSAGES,
    },
}

# The answers by status, each a component of its own that operations refer to.
ANSWERS = {
    "400": ("BadRequest", VALIDATION_ERROR, "Felaktig begäran: felen per fält."),
    "401": ("Unauthorized", ERROR, "Inte inloggad: token saknas, är fel eller återkallad."),
    "403": ("Forbidden", ERROR, "Rollen får inte göra detta."),
    "404": ("NotFound", ERROR,
            "Finns inte, eller syns inte för dig (även en sida i listan som inte finns)."),
    "409": ("Conflict", CONFLICT,
            "Någon annan har ändrat sedan du läste (skicka den revision du läste)."),
    "413": ("PayloadTooLarge", ERROR,
            "Innehållet är för stort (högst 2,5 MB, eller vad åtgärden säger): skicka mindre."),
    "415": ("UnsupportedMediaType", ERROR,
            "Innehållet ska vara JSON (Content-Type: application/json)."),
    "429": ("TooManyRequests", ERROR, "För många anrop: försök igen när Retry-After säger."),
}

HEADERS = {
    "401": {"WWW-Authenticate": {"schema": {"type": "string"}, "description": "Token"}},
    "429": {"Retry-After": {"schema": {"type": "integer"}, "description": "Sekunder att vänta."}},
}


class AutoSchema(openapi.AutoSchema):
    def get_operation(self, path, path_regex, path_prefix, method, registry):
        operation = super().get_operation(path, path_regex, path_prefix, method, registry)
        if operation is None:
            return None
        responses = operation["responses"]
        for code in error_codes(operation, method.upper(), self._is_paginated_list(),
                                self._takes_revision()):
            responses.setdefault(code, self._answer(code).ref)
        operation["responses"] = dict(sorted(responses.items()))
        return operation

    def _answer(self, code):
        name, schema, description = ANSWERS[code]
        self.registry.register_on_missing(ResolvedComponent(
            name=schema, type=ResolvedComponent.SCHEMA, schema=COMPONENTS[schema], object=schema))
        answer = {"description": description, "content": {"application/json": {"schema": {
            "$ref": f"#/components/schemas/{schema}"}}}}
        if code in HEADERS:
            answer["headers"] = HEADERS[code]
        component = ResolvedComponent(name=name, type=ResolvedComponent.RESPONSE, schema=answer,
                                      object=name)
        self.registry.register_on_missing(component)
        return component

    def get_override_parameters(self):
        parameters = list(super().get_override_parameters())
        if self.honours_idempotency():
            parameters += [IDEMPOTENCY_PARAMETER, REPLAYED_PARAMETER]
        return parameters

    def honours_idempotency(self) -> bool:
        return (self.method == "POST"
                and getattr(self.view, "action", None) in getattr(self.view, "idempotent_actions",
                                                                  ()))

    def _is_list_view(self, serializer=None):
        # A serializer that describes a whole answer (a GeoJSON FeatureCollection) is never
        # wrapped in a list or a page. (Without a serializer the question is the operation's
        # name: a list is still called list.)
        if serializer is not None and getattr(serializer, "whole_answer", False):
            return False
        return super()._is_list_view(serializer)

    def _is_paginated_list(self) -> bool:
        serializers = self.get_response_serializers()
        if isinstance(serializers, dict):
            serializers = serializers.get(200, serializers.get("200"))
        return (self.method == "GET" and self._is_list_view(serializers)
                and self._get_paginator() is not None)

    def _takes_revision(self) -> bool:
        if self.method not in ("POST", "PUT", "PATCH"):
            return False
        serializer = self.get_request_serializer()
        if isinstance(serializer, dict):
            serializer = next(iter(serializer.values()), None)
        serializer = force_instance(serializer)
        if not is_serializer(serializer) or not hasattr(serializer, "fields"):
            return False
        field = serializer.fields.get("revision")
        return field is not None and not field.read_only


def error_codes(operation, method, paginated_list, takes_revision):
    """The error answers an operation documents, by the rules in this module's docstring."""
    parameters = operation.get("parameters", [])
    has_body = "requestBody" in operation
    codes = {"401", "403", "429"}
    if has_body or method not in SAFE_METHODS or any(p["in"] == "query" for p in parameters):
        codes.add("400")
    if paginated_list or any(p["in"] == "path" for p in parameters):
        codes.add("404")
    if has_body:
        codes.update(("413", "415"))
    if takes_revision and any(p["in"] == "path" for p in parameters):
        codes.add("409")
    return sorted(codes)
