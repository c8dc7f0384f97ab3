"""Base viewsets: every API queryset starts from `visible_to(request.user)`.

A viewset names its `queryset` and may narrow or prefetch in `refine_queryset`; it may not
override `get_queryset`, so no viewset can forget whom it is answering (the idea of NetBox's
BaseViewSet, enforced when the class is defined).
"""

from rest_framework import mixins, viewsets


class BaseViewSet(viewsets.GenericViewSet):
    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if "get_queryset" in cls.__dict__:
            raise TypeError(f"{cls.__qualname__} overrides get_queryset: refine the visible rows "
                            f"in refine_queryset instead")

    def get_queryset(self):
        assert self.queryset is not None, f"{type(self).__name__} needs a queryset"
        queryset = self.queryset.all().visible_to(self.request.user)
        return self.refine_queryset(queryset)

    def refine_queryset(self, queryset):
        """Narrow, annotate or prefetch the rows the user may see, per action."""
        return queryset


class ReadOnlyViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, BaseViewSet):
    pass
