"""The round every form page makes, written once: show the form; on a valid POST call the
service through the form (`ServiceForm.run` or `create_once`), which puts a refusal on the
form with what was typed; on success say so and go on; else the form again with its status
(400 for what needs fixing, 409 for a change made meanwhile)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _


def saved(request, replayed: bool, message: str) -> None:
    """The message after a form made a row: `message`, or that a form sent twice (a double
    tap, a resend on a slow connection) was saved once."""
    if replayed:
        messages.info(request, _("Formuläret skickades två gånger; det är sparat en gång."))
    else:
        messages.success(request, message)


def create_page(request, form, create, *, scope: str, done: str, message: str, template: str,
                context=None):
    """A page that makes a row with `create()` (returning it), once per filled-in form, then
    goes to the URL named `done` for the new row's pk."""
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            pk, replayed, status = form.create_once(request, scope, create)
            if status is None:
                saved(request, replayed, message)
                return redirect(done, pk=pk)
    return render(request, template, {"form": form, **(context or {})}, status=status)


def edit_page(request, form, save, *, current_revision, done: str, template: str, context=None,
              message=None):
    """A page that changes a row with `save()`, against the revision the form was shown with;
    `current_revision()` reads the row's revision now, for the form to be saved against after a
    refused stale change. Then goes to the URL `done`."""
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            _result, status = form.run(save, current_revision=current_revision)
            if status is None:
                messages.success(request, message or _("Ändringen är sparad."))
                return redirect(done)
    return render(request, template, {"form": form, **(context or {})}, status=status)
