"""The one exception type the domain raises when it refuses something."""


class DomainError(ValueError):
    """A refusal with a snake_case code, a machine reason and a plain Chinese message.

    `code` is the API error code (API.md), `reason` the finer machine-readable cause
    (for example which check of an ID number failed), `message` the sentence shown to
    the trainee, and `support` the support line that belongs beside it, if any.
    It subclasses ValueError so that callers validating input may catch it as such.
    """

    def __init__(self, code: str, reason: str, message: str, support: str | None = None):
        super().__init__(message)
        self.code = code
        self.reason = reason
        self.message = message
        self.support = support

    def __repr__(self) -> str:
        return (
            f"DomainError(code={self.code!r}, reason={self.reason!r}, "
            f"message={self.message!r}, support={self.support!r})"
        )
