"""axe-core (through axe-playwright-python) with the rule set the site promises: WCAG 2.0,
2.1 and 2.2 at levels A and AA, plus `target-size` (2.5.8)."""

from axe_playwright_python.sync_playwright import Axe

AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]},
    "rules": {"target-size": {"enabled": True}},
    "resultTypes": ["violations"],
}
_axe = Axe()


def axe_violations(page):
    return _axe.run(page, options=AXE_OPTIONS).response["violations"]


def describe(url, violations):
    lines = []
    for violation in violations:
        targets = ", ".join(" ".join(node["target"]) for node in violation["nodes"][:5])
        lines.append(f"{url}: {violation['id']} ({violation['impact']}): {violation['help']} -> {targets}")
    return "\n".join(lines)
