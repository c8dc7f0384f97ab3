from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.utils.text import slugify

from trygghet import idempotency

from .. import permissions


def require_staff(request):
    if not permissions.can_manage(request.user):
        raise PermissionDenied(permissions.NOT_STAFF)


def once(request, *, scope, submission, fields, perform):
    """Run a create once per filled-in form, however often it is sent (a double tap)."""
    if submission is None:
        return perform(), False
    return idempotency.once(user=request.user, scope=scope, key=str(submission),
                            request_fingerprint=idempotency.fingerprint(fields),
                            perform=perform)


def file_download(field, filename, content_type):
    """A stored file as a download, never shown inline (an attachment cannot become a page
    of this site)."""
    try:
        handle = field.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    stem, _dot, suffix = filename.rpartition(".")
    response = FileResponse(handle, as_attachment=True,
                            filename=f"{slugify(stem) or 'fil'}.{suffix}",
                            content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
