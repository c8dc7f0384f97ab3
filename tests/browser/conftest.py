import os

import pytest
from playwright.sync_api import sync_playwright

CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]
PHONE = {"width": 360, "height": 740}


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"),
            args=CHROMIUM_ARGS,
        )
        yield browser
        browser.close()


# Chromium reports a refused script, style or image in the console; the event also catches
# what a page reports only to itself. Init scripts are not bound by the page's policy.
CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", function (event) {
  console.error("CSP violation: " + event.effectiveDirective + " refused "
                + (event.blockedURI || "inline") + " at " + event.sourceFile + ":"
                + event.lineNumber);
});
"""


def watch(page):
    """What fails a test: uncaught JavaScript errors and Content-Security-Policy violations."""
    problems = []
    page.on("pageerror", lambda error: problems.append(f"JavaScript error: {error}"))

    def console(message):
        text = message.text
        if message.type == "error" and ("Content Security Policy" in text
                                         or text.startswith("CSP violation")):
            problems.append(f"{page.url}: {text}")

    page.on("console", console)
    return problems


@pytest.fixture
def pages(browser, live_server, settings):
    """Opens pages against the live server, each in a browser context of its own (another
    person); any JavaScript error or CSP violation on any of them fails the test."""
    settings.MAP_TILES_URL = ""
    opened = []

    def open_page(viewport=PHONE):
        context = browser.new_context(viewport=viewport, locale="sv-SE",
                                      base_url=live_server.url, timezone_id="Europe/Stockholm")
        context.set_default_timeout(10_000)
        context.add_init_script(CSP_LISTENER)
        page = context.new_page()
        opened.append((context, watch(page)))
        return page

    yield open_page
    for context, _problems in opened:
        context.close()
    problems = [problem for _context, found in opened for problem in found]
    assert not problems, problems


@pytest.fixture
def phone(pages):
    """A page on a 360 px wide phone, failing the test on JavaScript errors and CSP
    violations."""
    return pages()


def log_in(page, username, password="demo"):
    page.goto("/konto/logga-in/")
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(password)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url(lambda url: "logga-in" not in url)


def tab_to(page, element_id, limit=60):
    """Press Tab until the element has focus: proof that the keyboard alone reaches it."""
    for _ in range(limit):
        if page.evaluate("() => document.activeElement && document.activeElement.id") == element_id:
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"#{element_id} was not reached with Tab")
