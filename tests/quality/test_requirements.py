"""requirements.txt is what production installs: runtime only, every package pinned with hashes."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TOOLING = {
    "pytest",
    "pytest-django",
    "pytest-xdist",
    "ruff",
    "playwright",
    "axe-playwright-python",
    "pip-audit",
    "pip-tools",
    "factory-boy",
    "wagtail-factories",
    "faker",
}
RUNTIME = {"django", "wagtail", "django-allauth", "django-tasks-db", "filetype", "django-axes", "gunicorn"}


def pins(name):
    """{normalised package name: (version, number of hashes)} from a compiled requirements file."""
    text = (ROOT / name).read_text()
    found = {}
    for block in re.split(r"\n(?=\S)", text):
        match = re.match(r"([A-Za-z0-9_.\-]+)==([^\s\\]+)", block)
        if match:
            key = re.sub(r"[-_.]+", "-", match.group(1)).lower()
            found[key] = (match.group(2), block.count("--hash=sha256:"))
    return found


def test_runtime_requirements_hold_no_test_or_tooling_package():
    runtime = pins("requirements.txt")
    assert set(runtime) >= RUNTIME
    assert not TOOLING & set(runtime), TOOLING & set(runtime)


def test_every_package_is_pinned_with_hashes_and_dev_agrees_with_runtime():
    runtime, dev = pins("requirements.txt"), pins("requirements-dev.txt")
    for found in (runtime, dev):
        assert all(hashes for _version, hashes in found.values()), found
    assert TOOLING - {"faker"} <= set(dev)
    assert {name: version for name, (version, _h) in runtime.items()} == {
        name: dev[name][0] for name in runtime
    }


def test_serve_installs_runtime_and_the_demo_factories_but_no_test_tooling():
    """`make serve` fills its throw-away database with the demo site, whose loaders build with the
    factories: it installs requirements-demo.txt (runtime pins plus the factories) and nothing
    of the test tooling."""
    runtime, demo, dev = pins("requirements.txt"), pins("requirements-demo.txt"), pins("requirements-dev.txt")
    assert all(hashes for _version, hashes in demo.values()), demo
    assert {"factory-boy", "wagtail-factories"} <= set(demo)
    assert not (TOOLING - {"factory-boy", "wagtail-factories", "faker"}) & set(demo)
    assert {name: version for name, (version, _h) in demo.items()} == {name: dev[name][0] for name in demo}
    assert {name: demo[name][0] for name in runtime} == {
        name: version for name, (version, _h) in runtime.items()
    }
    makefile = (ROOT / "Makefile").read_text()
    serve = re.search(r"^serve:(.*)$", makefile, re.M).group(1)
    assert "install-runtime" in serve and ".installed-demo" in serve and "install " not in serve + " "
