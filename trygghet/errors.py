class DomainError(Exception):
    """A rule of the domain was broken; the message is for the user, in Swedish.

    Pages show it as a message, the API answers 400 with it.
    """

    def __init__(self, message, field=None):
        super().__init__(message)
        self.message = message
        self.field = field


def user_message(error):
    """The Swedish message of a DomainError or a Django ValidationError, for a page to show."""
    if isinstance(error, DomainError):
        return error.message
    return " ".join(error.messages)
