"""Print the Markdown table of Lighthouse scores from the JSON reports in a directory.

Reports are named `<page>.<mobile|desktop>[.<run>].json`; with several runs of a page, the
table shows the median run by performance score (Lighthouse's own advice for noisy machines)
and says how many runs there were."""

import json
import sys
from pathlib import Path

CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]


def scores(report):
    return [report["categories"][c]["score"] for c in CATEGORIES]


def cell(values):
    return " / ".join("–" if s is None else str(round(s * 100)) for s in values)


def median_run(reports):
    ordered = sorted(reports, key=lambda report: scores(report)[0] or 0)
    return ordered[(len(ordered) - 1) // 2]


def main(directory):
    runs = {}
    for report_file in sorted(Path(directory).glob("*.json")):
        report = json.loads(report_file.read_text())
        form = report_file.name.split(".")[1]
        path = "/" + report["requestedUrl"].split("/", 3)[-1]
        runs.setdefault(path, {}).setdefault(form, []).append(report)
    try:
        from lighthouse_pages import PAGES  # the measured order, when run from scripts/

        order = {path: i for i, (_, path) in enumerate(PAGES)}
    except ImportError:
        order = {}
    most = max((len(r) for forms in runs.values() for r in forms.values()), default=1)
    suffix = f" (median of {most} runs)" if most > 1 else ""
    print(f"| page | mobile (perf / a11y / best practices / SEO){suffix} | desktop |")
    print("|---|---|---|")
    for path in sorted(runs, key=lambda p: (order.get(p, len(order)), p)):
        forms = runs[path]
        mobile, desktop = (
            cell(scores(median_run(forms[f]))) if f in forms else "–" for f in ("mobile", "desktop")
        )
        print(f"| `{path}` | {mobile} | {desktop} |")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "lighthouse-results")
