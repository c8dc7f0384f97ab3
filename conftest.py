import os

# Settings read this when pytest-django imports them: test-friendly defaults (no forced HTTPS,
# a development secret key) without touching production behaviour.
os.environ.setdefault("TRYGGHET_TESTING", "true")
# Playwright's sync API runs an event loop in the test thread; Django's ORM refuses to run
# beside one unless told that the test thread is synchronous code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
