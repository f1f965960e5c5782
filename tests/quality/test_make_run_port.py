"""`make run` checks its port before spending a minute migrating (issue 16)."""

import socket
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_check(port):
    return subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "check-port"), "127.0.0.1", str(port)],
        capture_output=True,
        text=True,
        timeout=30,
    )


def test_taken_port_fails_fast_and_names_a_free_one():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run_check(port)
    assert result.returncode == 1
    assert f"Port {port} on 127.0.0.1 is already in use" in result.stderr
    assert "make run PORT=" in result.stderr
    suggested = int(result.stderr.rsplit("PORT=", 1)[1].split()[0])
    assert suggested != port


def test_free_port_passes_silently():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = run_check(port)
    assert result.returncode == 0 and result.stderr == ""


def test_bad_port_is_a_usage_error():
    assert run_check("eighty").returncode == 2
    assert run_check(70000).returncode == 2


def test_make_run_checks_the_port_before_migrating():
    recipe = subprocess.run(
        ["make", "-n", "run", "PORT=8123"], cwd=ROOT, capture_output=True, text=True, timeout=60
    ).stdout.splitlines()
    check = next(i for i, line in enumerate(recipe) if "scripts/check-port" in line)
    migrate = next(i for i, line in enumerate(recipe) if "manage.py migrate" in line)
    assert check < migrate
    assert recipe[check].endswith("127.0.0.1 8123")
