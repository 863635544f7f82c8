"""Screenshot DevZone pages in headless Chromium (Debian's), logged in as a demo user.

python scripts/screenshot.py --user admin --out /tmp/shots / /zones/ /enterprises/
"""

import argparse
import shutil
from pathlib import Path

from playwright.sync_api import sync_playwright

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    parser.add_argument("--user", default="admin")
    parser.add_argument("--password", default="devzone-demo-2024")
    parser.add_argument("--lang", default="zh-hans")
    parser.add_argument("--width", type=int, default=1366)
    parser.add_argument("--out", default="screenshots")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=FLAGS)
        page = browser.new_page(
            viewport={"width": args.width, "height": 900},
            extra_http_headers={"Accept-Language": args.lang},
        )
        errors = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        if args.user:
            page.goto(args.base + "/login/")
            page.fill("#id_username", args.user)
            page.fill("#id_password", args.password)
            page.click("[data-testid=login-submit]")
        for path in args.paths:
            page.goto(args.base + path)
            page.wait_for_load_state("networkidle")
            name = path.strip("/").replace("/", "_") or "home"
            page.screenshot(path=str(out / f"{name}-{args.lang}.png"), full_page=True)
            print(out / f"{name}-{args.lang}.png")
        for e in errors:
            print("console error:", e)
        browser.close()


if __name__ == "__main__":
    main()
