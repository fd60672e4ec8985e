"""Drives the page of `stancegraph serve` in Debian's headless Chromium and reports what it saw.

    .venv/bin/python tests/browser/serve_page.py --url http://127.0.0.1:PORT/ \
        --screenshot OUT.png [--us IRI --russia IRI --xss-from IRI --xss-to IRI]

Run by tests/suite/serve_page.rs, which starts the server and checks the report
against answers worked out from the data. The script only acts and observes: it
loads the page, clicks the blame edge from one actor to another, types a query,
downloads its results as CSV, opens the evidence of the pair with hostile labels,
and prints one JSON object (stdout) with what the page showed, whether an alert
opened and the browser's console log. It fails (exit 1, message on stderr) only when
the page does not get far enough to observe (a wait runs out).

Nothing is downloaded: the browser is /usr/bin/chromium and the driver
/usr/bin/chromedriver (Debian's chromium and chromium-driver), with networking
features that call out switched off.
"""

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
import urllib.parse

os.environ["SE_OFFLINE"] = "true"  # Selenium Manager must never fetch a browser or driver.

from selenium import webdriver  # noqa: E402
from selenium.common.exceptions import NoAlertPresentException, TimeoutException  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import Select, WebDriverWait  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
WAIT = 60  # seconds, for any one thing the page does

INF = "https://w3id.org/stancegraph/inf/"
QUERY = "SELECT (COUNT(?s) AS ?accusations) WHERE { ?s a sg:Accusation }"


def browser(profile, downloads):
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        f"--user-data-dir={profile}",
        "--window-size=1440,1100",
    ]:
        options.add_argument(flag)
    options.add_experimental_option(
        "prefs", {"download.default_directory": downloads, "download.prompt_for_download": False}
    )
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(WAIT)
    driver.set_script_timeout(WAIT)
    driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": downloads})
    return driver


def wait_for(driver, what, condition):
    try:
        return WebDriverWait(driver, WAIT, poll_frequency=0.1).until(condition)
    except TimeoutException:
        raise SystemExit(f"serve_page.py: timed out after {WAIT} s waiting for {what}")


def edge_id(style, a, b):
    """The id the diagrams give an edge: `edge:STYLE:FROM:TO`, parts percent-encoded."""
    return ":".join(["edge"] + [urllib.parse.quote(p, safe="") for p in (style, a, b)])


def diagrams(driver):
    seen = {}
    for name in ["blame", "support", "alignment"]:
        svg = driver.find_elements(By.CSS_SELECTOR, f"#{name}-diagram > svg")
        edges = driver.find_elements(By.CSS_SELECTOR, f"#{name}-diagram g.edge")
        seen[name] = {
            "svg": len(svg),
            "edges": len(edges),
            "edge_ids": [e.get_attribute("id") for e in edges],
            "texts": [t.get_attribute("textContent") for t in driver.find_elements(By.CSS_SELECTOR, f"#{name}-diagram text")],
            "message": driver.find_element(By.ID, f"{name}-diagram-message").text,
        }
    return seen


def evidence(driver, after):
    """Waits for the evidence panel to show a new result, then reads it."""
    wait_for(driver, "the evidence", lambda d: d.find_element(By.ID, "evidence-note").text not in ("", "Loading…", after)
             or d.find_element(By.ID, "evidence-message").text)
    return {
        "title": driver.find_element(By.ID, "evidence-title").text,
        "note": driver.find_element(By.ID, "evidence-note").text,
        "message": driver.find_element(By.ID, "evidence-message").text,
        "quotes": [q.get_attribute("textContent") for q in driver.find_elements(By.CSS_SELECTOR, "#evidence blockquote")],
        "speakers": [s.get_attribute("textContent") for s in driver.find_elements(By.CSS_SELECTOR, "#evidence .speaker")],
        "sources": [s.get_attribute("textContent") for s in driver.find_elements(By.CSS_SELECTOR, "#evidence .source")],
        "dates": [s.get_attribute("textContent") for s in driver.find_elements(By.CSS_SELECTOR, "#evidence .date")],
    }


def click_edge(driver, diagram, style, a, b):
    """Clicks the edge's label (a real click, on the element drawn), or else its line."""
    selector = f'#{diagram}-diagram g.edge[id="{edge_id(style, a, b)}"]'
    edge = wait_for(driver, f"the edge {selector}", lambda d: d.find_element(By.CSS_SELECTOR, selector))
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", edge)
    target = (edge.find_elements(By.CSS_SELECTOR, "text") or edge.find_elements(By.CSS_SELECTOR, "path"))[0]
    target.click()


def table_rows(driver, container):
    rows = []
    for tr in driver.find_elements(By.CSS_SELECTOR, f"#{container} tbody tr"):
        rows.append([td.get_attribute("textContent") for td in tr.find_elements(By.CSS_SELECTOR, "td")])
    heads = [th.get_attribute("textContent") for th in driver.find_elements(By.CSS_SELECTOR, f"#{container} thead th")]
    return {"columns": heads, "rows": rows}


def run_query(driver, text):
    box = driver.find_element(By.ID, "query")
    box.clear()
    box.send_keys(text)
    before = driver.find_element(By.ID, "query-result").get_attribute("textContent")
    driver.find_element(By.ID, "run").click()
    wait_for(driver, "the query's result", lambda d: d.find_element(By.ID, "query-result").get_attribute("textContent") != before
             or d.find_element(By.ID, "query-message").text)
    seen = table_rows(driver, "query-result")
    seen["message"] = driver.find_element(By.ID, "query-message").text
    seen["downloads"] = [b.text for b in driver.find_elements(By.CSS_SELECTOR, "#downloads button")]
    return seen


def download(driver, downloads, extension):
    driver.find_element(By.CSS_SELECTOR, f'#downloads button[data-format="{extension}"]').click()
    path = os.path.join(downloads, f"results.{extension}")
    wait_for(driver, f"the download {path}", lambda d: os.path.exists(path) and os.path.getsize(path) > 0)
    time.sleep(0.2)  # Chromium renames the finished file into place; let it settle.
    with open(path, encoding="utf-8", newline="") as f:
        return {
            "text": f.read(),
            "link": driver.find_element(By.ID, "download-link").get_attribute("href"),
            "link_text": driver.find_element(By.ID, "download-link").text,
        }


def alert_present(driver):
    try:
        alert = driver.switch_to.alert
        text = alert.text
        alert.dismiss()
        return text
    except NoAlertPresentException:
        return None


def scenario(driver, args, downloads):
    seen = {}
    driver.get(args.url)
    wait_for(driver, "the page to load", lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-loaded") == "1")
    seen["title"] = driver.title
    seen["numbers"] = [
        [t.get_attribute("textContent") for t in tile.find_elements(By.CSS_SELECTOR, "dt, dd")]
        for tile in driver.find_elements(By.CSS_SELECTOR, "#numbers > div")
    ]
    seen["diagrams"] = diagrams(driver)
    seen["blame_table"] = table_rows(driver, "blame-table")
    seen["cohesion_members"] = table_rows(driver, "cohesion-members")
    seen["blocs_members"] = table_rows(driver, "blocs-members")
    seen["messages"] = [m.text for m in driver.find_elements(By.CSS_SELECTOR, ".message") if m.text]

    click_edge(driver, "blame", "blame", args.us, args.russia)
    seen["edge_evidence"] = evidence(driver, "")
    seen["selected_edges"] = [e.get_attribute("id") for e in driver.find_elements(By.CSS_SELECTOR, "g.edge.selected")]
    driver.execute_script("window.scrollTo(0, 0)")
    driver.save_screenshot(args.screenshot)

    seen["query"] = run_query(driver, QUERY)
    seen["csv"] = download(driver, downloads, "csv")
    Select(driver.find_element(By.ID, "example")).select_by_value("statement-kinds")
    seen["example_query"] = driver.find_element(By.ID, "query").get_attribute("value")

    note = driver.find_element(By.ID, "evidence-note").text
    row = driver.find_element(By.CSS_SELECTOR, f'#blame-table tr.pair[data-a="{args.xss_from}"][data-b="{args.xss_to}"]')
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", row)
    row.click()
    seen["xss_evidence"] = evidence(driver, note)

    seen["alert"] = alert_present(driver)
    seen["img_elements"] = len(driver.find_elements(By.TAG_NAME, "img"))
    seen["script_elements"] = [s.get_attribute("src") for s in driver.find_elements(By.TAG_NAME, "script")]
    seen["log"] = driver.get_log("browser")
    return seen


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True)
    parser.add_argument("--screenshot", required=True)
    parser.add_argument("--us", default=INF + "UnitedStates")
    parser.add_argument("--russia", default=INF + "Russia")
    parser.add_argument("--xss-from", default="https://example.org/xss/Img")
    parser.add_argument("--xss-to", default="https://example.org/xss/Script")
    args = parser.parse_args()
    profile = tempfile.mkdtemp(prefix="stancegraph-chromium-")
    downloads = tempfile.mkdtemp(prefix="stancegraph-downloads-")
    driver = None
    try:
        driver = browser(profile, downloads)
        seen = scenario(driver, args, downloads)
    finally:
        if driver is not None:
            driver.quit()
        shutil.rmtree(profile, ignore_errors=True)
        shutil.rmtree(downloads, ignore_errors=True)
    json.dump(seen, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
