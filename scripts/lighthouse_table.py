"""Print the Markdown table of Lighthouse scores from the JSON reports in a directory."""

import json
import sys
from pathlib import Path

CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]


def main(directory):
    rows = {}
    for report_file in sorted(Path(directory).glob("*.json")):
        report = json.loads(report_file.read_text())
        name, form = report_file.stem.rsplit(".", 1)
        scores = [report["categories"][c]["score"] for c in CATEGORIES]
        path = report["requestedUrl"].split("/", 3)[-1]
        rows.setdefault("/" + path, {})[form] = " / ".join(
            "–" if s is None else str(round(s * 100)) for s in scores
        )
    print("| page | mobile (perf / a11y / best practices / SEO) | desktop |")
    print("|---|---|---|")
    for path, forms in rows.items():
        print(f"| `{path}` | {forms.get('mobile', '–')} | {forms.get('desktop', '–')} |")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "lighthouse-results")
