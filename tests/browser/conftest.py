"""Browser tests: Playwright (sync API) driving Debian's Chromium against pytest-django's
live server on the test PostgreSQL.

Every test in this folder is marked `browser` and runs on a transactional database restored
from the migrations' data afterwards (the live server runs in another thread, so it cannot
see a test transaction). A failed test leaves a full-page screenshot of every open page and a
Playwright trace in test-results/ (open it with `.venv/bin/playwright show-trace <zip>`).
"""

import os
import re
import threading
from pathlib import Path

import pytest
from django.core.signals import request_finished, request_started
from django.db import connections
from playwright.sync_api import sync_playwright

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
RESULTS = Path(__file__).resolve().parents[2] / "test-results"
HERE = Path(__file__).resolve().parent

# Wagtail's admin releases its editing session with `navigator.sendBeacon` when a page unloads,
# and for a test that happens as the context closes: the beacon reached the live server while
# pytest-django was flushing the database, and the flush failed. Tests do not need the release
# (each one starts on a clean database), so the beacon is a no-op here.
NO_BEACON = "Object.defineProperty(Navigator.prototype, 'sendBeacon', {value: () => true});"


class InFlight:
    """Requests the live server is still answering (Django's request_started/finished),
    counted only while a browser module runs."""

    def __init__(self):
        self.count = 0
        self.idle = threading.Condition()

    def started(self, **kwargs):
        with self.idle:
            self.count += 1

    def finished(self, **kwargs):
        with self.idle:
            self.count -= 1
            self.idle.notify_all()

    def __enter__(self):
        request_started.connect(self.started)
        request_finished.connect(self.finished)
        return self

    def __exit__(self, *exc):
        request_started.disconnect(self.started)
        request_finished.disconnect(self.finished)

    def wait_until_idle(self, timeout=10.0):
        """Wait until a request a closed page left behind (an admin ping, a fetch) has ended,
        before the database is reset."""
        with self.idle:
            self.idle.wait_for(lambda: self.count <= 0, timeout)


IN_FLIGHT = InFlight()


def pytest_collection_modifyitems(items):
    for item in items:
        if HERE in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.django_db(transaction=True, serialized_rollback=True))


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture(scope="module")
def browser():
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(
            f"Chromium is not installed at {CHROMIUM}: run `make chromium` (installs Debian's package)"
        )
    # Playwright's sync API keeps an asyncio loop running in this thread; Django would then
    # refuse database access from the test itself. The tests do not share connections across
    # threads, so the guard is lifted while the browser runs: for one module at a time, so
    # other tests on the same worker (and the subprocesses they start) keep the guard.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    # Playwright also gives this thread a new context, in which Django's `connections` hands
    # out fresh connection objects; they need the migrations' data that serialized_rollback
    # restores, which Django keeps on the connection objects made at setup.
    serialized = {
        alias: connections[alias]._test_serialized_contents
        for alias in connections
        if hasattr(connections[alias], "_test_serialized_contents")
    }
    try:
        with IN_FLIGHT, sync_playwright() as playwright:
            for alias, contents in serialized.items():
                connections[alias]._test_serialized_contents = contents
            chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()
            connections.close_all()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def new_context(browser, request):
    """Make browser contexts (one per person in a journey); traced, and kept on failure."""
    contexts = []

    def make(**options):
        options.setdefault("viewport", {"width": 1280, "height": 900})
        options.setdefault("locale", "en-US")
        options.setdefault("timezone_id", "America/New_York")
        context = browser.new_context(**options)
        context.add_init_script(NO_BEACON)
        context.set_default_timeout(15_000)
        context.tracing.start(screenshots=True, snapshots=True, title=request.node.nodeid)
        contexts.append(context)
        return context

    yield make

    report = getattr(request.node, "report_call", None)
    failed = report is None or report.failed
    name = re.sub(r"[^\w.-]+", "_", request.node.nodeid)[-150:]
    for index, context in enumerate(contexts):
        if failed:
            RESULTS.mkdir(exist_ok=True)
            for number, page in enumerate(context.pages):
                page.screenshot(path=RESULTS / f"{name}-{index}-{number}.png", full_page=True)
            context.tracing.stop(path=RESULTS / f"{name}-{index}-trace.zip")
        else:
            context.tracing.stop()
        context.close()
    IN_FLIGHT.wait_until_idle()


@pytest.fixture
def page(new_context):
    """A visitor's page. Console messages about the Content-Security-Policy are collected in
    `page.csp_violations` so tests can assert the policy does not break anything."""
    visitor_page = new_context().new_page()
    visitor_page.csp_violations = watch_csp(visitor_page)
    return visitor_page


def watch_csp(page):
    violations = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return violations
