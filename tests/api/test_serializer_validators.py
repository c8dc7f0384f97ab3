"""Each serializer's validators across fields are found once per class
(trygghet.api.serializers.ModelSerializer.get_validators): the same as DRF finds for every
serializer it makes, and they still refuse what they should."""

import pytest
from rest_framework import serializers

from trygghet.api.serializers import ModelSerializer

pytestmark = pytest.mark.django_db


def every_serializer():
    import django.apps

    for config in django.apps.apps.get_app_configs():
        for module in ("api.serializers", "serializers"):
            try:
                __import__(f"{config.name}.{module}")
            except ImportError:
                continue
    found, stack = [], [ModelSerializer]
    while stack:
        cls = stack.pop()
        stack.extend(cls.__subclasses__())
        if getattr(getattr(cls, "Meta", None), "model", None) is not None:
            found.append(cls)
    return found


def described(validators):
    return sorted((type(v).__name__, repr(getattr(v, "fields", None)),
                   getattr(v, "date_field", None), getattr(v, "field", None))
                  for v in validators)


@pytest.mark.parametrize("serializer_class", every_serializer(), ids=lambda c: c.__qualname__)
def test_each_serializer_has_the_validators_drf_would_find(serializer_class):
    mine = serializer_class().validators
    drfs = serializers.ModelSerializer.get_validators(serializer_class())
    assert described(mine) == described(drfs)
    assert serializer_class().validators is not mine  # a list of each serializer's own
