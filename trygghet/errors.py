class DomainError(Exception):
    """A rule of the domain was broken; the message is for the user, in Swedish.

    Pages show it as a message, the API answers 400 with it.
    """

    def __init__(self, message, field=None):
        super().__init__(message)
        self.message = message
        self.field = field


class StaleEdit(DomainError):
    """A change made from a stale view, refused: someone changed the row after the user's page
    (or API read) showed it. Carries who changed it, when, and what changed, so the page can
    show it beside what the user typed. The API answers 409."""

    def __init__(self, message, *, who="", when=None, changes=None, field="revision"):
        super().__init__(message, field)
        self.who, self.when, self.changes = who, when, changes or {}


def user_message(error):
    """The Swedish message of a DomainError or a Django ValidationError, for a page to show."""
    if isinstance(error, DomainError):
        return error.message
    return " ".join(error.messages)
