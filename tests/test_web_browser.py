"""`clausegen serve` in a real headless Chromium (Debian's, driven by Playwright): a buyer fills
the form, sees the plan update, downloads the documents and opens them. Skipped without
chromium, except in CI. CLAUSEGEN_UPDATE_SCREENSHOT=1 also writes docs/screenshot-serve.png."""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import sys
import time
import zipfile
from decimal import Decimal
from pathlib import Path

import docx
import pytest
from conftest import EXAMPLES, ROOT, docx_text, run_cli

from clausegen import fmt

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def expected() -> dict[str, str]:
    """The example tender's obligations, as `clausegen calc --json` gives them, in Dutch."""
    plan = json.loads(run_cli("calc", EXAMPLES / "schoonmaak-den-haag.yaml", "--json").stdout)
    shown = {lot["id"]: fmt.euro(Decimal(lot["obligation_eur"])) for lot in plan["lots"]}
    return {"total": fmt.euro(Decimal(plan["total_obligation_eur"])), **shown}


def chromium() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        path = None
    if path is None:
        if os.environ.get("CI"):
            pytest.fail("Chromium (Debian: chromium) and Playwright for Python are required in CI")
        pytest.skip("Chromium or Playwright is not installed")
    return path


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory):
    """The real command, `clausegen serve --port 0`, on a free loopback port."""
    log = (tmp_path_factory.mktemp("serve") / "serve.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "clausegen.cli", "serve", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=log,
        text=True,
    )
    line = process.stdout.readline()  # type: ignore[union-attr]
    match = re.search(r"http://127\.0\.0\.1:\d+/", line)
    if not match:
        process.kill()
        pytest.fail(f"clausegen serve did not start: {line!r}")
    yield match.group(0)
    process.terminate()
    process.wait(timeout=10)
    log.close()


@pytest.fixture(scope="module")
def context(tmp_path_factory: pytest.TempPathFactory):
    executable = chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser_context = playwright.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")),  # a fresh --user-data-dir
            executable_path=executable,
            headless=True,
            args=CHROMIUM_FLAGS,
            accept_downloads=True,
            viewport={"width": 1280, "height": 900},
            locale="nl-NL",
        )
        browser_context.set_default_timeout(10_000)
        yield browser_context
        browser_context.close()


def download(page, selector: str, target: Path) -> Path:  # noqa: ANN001
    with page.expect_download() as info:
        page.click(selector)
    info.value.save_as(target / info.value.suggested_filename)
    return target / info.value.suggested_filename


def test_buyer_fills_the_form_sees_the_plan_and_gets_the_documents(
    server: str, context, tmp_path: Path, expected
) -> None:  # noqa: ANN001
    from playwright.sync_api import expect

    page = context.new_page()
    page.goto(server)
    expect(page.locator("#plan-panel")).to_contain_text("Het plan verschijnt hier")
    page.fill("#f-reference", "2026-0142")
    page.fill("#f-contracting_authority", "Ministerie van Voorbeeldzaken")
    page.fill("#f-title", "Schoonmaakdiensten kantoren Den Haag")
    page.select_option("#f-category", "schoonmaak")
    expect(page.locator("#groups-list input[type=checkbox]").first).to_be_checked()
    page.fill("#f-duration_months", "48")
    page.fill("#f-publication_date", "2026-12-01")

    rows = page.locator("#lots-body tr.lot")
    for number, (title, value) in enumerate([("Den Haag Centrum", "1.500.000"), ("Den Haag Zuid", "900.000")]):
        page.click("#add-lot")
        expect(rows.nth(number).locator("td.lot-id input")).to_have_value(str(number + 1))
        rows.nth(number).locator("td.lot-title input").fill(title)
        rows.nth(number).locator("td.lot-value input").fill(value)
    expect(page.locator("#total-obligation")).to_have_text(expected["total"])
    expect(page.locator("#plan-status")).to_have_text(f"Totale verplichting {expected['total']}")
    page.click("details.explain summary")  # the reasons stay open while the buyer goes on typing
    expect(page.locator("details.explain pre")).to_contain_text("profiel 'schoonmaak'")
    expect(page.locator("#plan-panel tr[data-lot='1'] td.obligation")).to_have_text(expected["1"])
    expect(page.locator("#plan-panel tr[data-lot='2'] td.obligation")).to_have_text(expected["2"])

    # A mistake shows a Dutch message next to the field, and the plan waits for a correct value.
    value = rows.nth(1).locator("td.lot-value input")
    value.fill("negenhonderdduizend")
    expect(page.locator("#error-lots-1-value_eur")).to_have_text(
        "'negenhonderdduizend' is geen bedrag; schrijf bijvoorbeeld 1500000 of 1500000.50"
    )
    expect(page.locator("#total-obligation")).to_have_count(0)
    value.fill("900.000")
    expect(page.locator("#total-obligation")).to_have_text(expected["total"])
    expect(page.locator("details.explain")).to_have_attribute("open", "")
    expect(page.locator("#error-lots-1-value_eur")).to_have_text("")
    if os.environ.get("CLAUSEGEN_UPDATE_SCREENSHOT"):
        value.blur()
        page.locator("details.explain").evaluate("el => { el.open = false; }")
        page.evaluate("window.scrollTo(0, 0)")
        page.screenshot(path=str(ROOT / "docs" / "screenshot-serve.png"), full_page=True)

    # The figures on the page are those of `clausegen calc --json` for the saved tender.
    saved = download(page, "#download-yaml", tmp_path)
    plan = json.loads(run_cli("calc", saved, "--json").stdout)
    for lot in plan["lots"]:
        cell = page.locator(f"#plan-panel tr[data-lot='{lot['id']}'] td.obligation")
        expect(cell).to_have_text(fmt.euro(Decimal(lot["obligation_eur"])))
    expect(page.locator("#total-obligation")).to_have_text(fmt.euro(Decimal(plan["total_obligation_eur"])))

    archive = download(page, "#download-zip", tmp_path)
    assert archive.name == "2026-0142-social-return.zip"
    with zipfile.ZipFile(archive) as z:
        manifest = json.loads(z.read("manifest.json"))
        z.extractall(tmp_path / "zip")
    assert manifest["plan"] == plan
    for entry in manifest["documents"]:
        docx.Document(str(tmp_path / "zip" / entry["path"]))  # opens as a Word document
    text = docx_text(tmp_path / "zip" / "2026-0142-overeenkomst-social-return.docx")
    assert expected["1"] in text and expected["2"] in text and "Den Haag Zuid" in text

    single = download(page, "#plan-panel button[data-kind='bijlage']", tmp_path / "los")
    assert single.name == "2026-0142-bijlage-social-return.docx"
    assert single.read_bytes() == (tmp_path / "zip" / single.name).read_bytes()

    # Removing a lot in place updates the plan.
    rows.nth(1).locator("button.remove").click()
    expect(rows).to_have_count(1)
    expect(page.locator("#total-obligation")).to_have_text(expected["1"])
    page.close()


def test_a_saved_tender_fills_the_form(server: str, context, expected) -> None:  # noqa: ANN001
    from playwright.sync_api import expect

    page = context.new_page()
    page.goto(server)
    started = time.monotonic()
    page.set_input_files("#f-tender_file", str(EXAMPLES / "schoonmaak-den-haag.yaml"))  # reads it at once
    expect(page.locator("#f-reference")).to_have_value("2026-0142")
    expect(page.locator("#lots-body tr.lot")).to_have_count(2)
    expect(page.locator("#total-obligation")).to_have_text(expected["total"])
    assert time.monotonic() - started < 10

    page.set_input_files(
        "#f-tender_file",
        files=[{"name": "kapot.yaml", "mimeType": "application/yaml", "buffer": b"reference: &a x\ntitle: *a\n"}],
    )
    expect(page.locator("#error-tender_file")).to_contain_text("YAML-ankers (&naam) zijn niet toegestaan")
    page.close()


def test_concurrent_requests_each_get_their_own_documents(server: str) -> None:
    """The threaded server builds every answer from its own request: nothing is shared."""
    from concurrent.futures import ThreadPoolExecutor
    from urllib.parse import urlencode
    from urllib.request import Request, urlopen

    def fetch(reference: str) -> bytes:
        form = {
            "reference": reference, "title": "Schoonmaak", "contracting_authority": "Gemeente Voorbeeldstad",
            "category": "schoonmaak", "contract_type": "overeenkomst", "value_eur": "2.400.000",
            "duration_months": "48", "publication_date": "2026-12-01",
        }  # fmt: skip
        origin = server.rstrip("/")  # the form's own origin, as a browser sends it
        request = Request(server + "generate", data=urlencode(form).encode(), headers={"Origin": origin})
        with urlopen(request, timeout=60) as response:
            assert response.headers["Content-Disposition"] == f'attachment; filename="{reference}-social-return.zip"'
            return response.read()

    references = ["A-1", "B-2", "A-1", "B-2"]
    with ThreadPoolExecutor(max_workers=4) as pool:
        answers = list(pool.map(fetch, references))
    assert answers[0] == answers[2] and answers[1] == answers[3] and answers[0] != answers[1]
    for reference, answer in zip(references, answers, strict=True):
        with zipfile.ZipFile(io.BytesIO(answer)) as archive:
            assert json.loads(archive.read("manifest.json"))["tender"]["reference"] == reference


# ------------------------------------------------------------------ WCAG 2.1 AA with axe-core (issue 17)

AXE_VERSION = "4"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


@pytest.fixture(scope="session")
def axe_source(tmp_path_factory: pytest.TempPathFactory) -> str:
    """axe-core's axe.min.js, fetched from the npm registry at test time (`npm pack`), never
    committed. Skipped without npm, except in CI."""
    import tarfile

    npm = shutil.which("npm")
    if npm is None:
        if os.environ.get("CI"):
            pytest.fail("npm is required in CI to fetch axe-core for the accessibility tests")
        pytest.skip("npm is not installed")
    folder = tmp_path_factory.mktemp("axe")
    done = subprocess.run(
        [npm, "pack", f"axe-core@{AXE_VERSION}", "--silent", "--pack-destination", str(folder)],
        capture_output=True, text=True, timeout=180, check=False, cwd=folder,
    )  # fmt: skip
    archives = sorted(folder.glob("axe-core-*.tgz"))
    if done.returncode != 0 or not archives:
        message = f"npm pack axe-core failed: {done.stderr.strip()[-300:]}"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    with tarfile.open(archives[0]) as archive:
        member = archive.extractfile("package/axe.min.js")
        assert member is not None
        return member.read().decode()


def axe_violations(page, source: str) -> list[str]:  # noqa: ANN001
    """Run axe-core on the page as it is now; one line per violation and element."""
    page.evaluate(source + "\n;0")  # through the DevTools protocol: the page's CSP stays as it is
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        AXE_TAGS,
    )
    lines = []
    for violation in result["violations"]:
        for node in violation["nodes"]:
            lines.append(f"{violation['id']} ({violation['impact']}): {node['target']} – {node['failureSummary']}")
    return lines


def test_axe_finds_no_violation_on_any_page_of_the_form(server: str, context, axe_source: str) -> None:  # noqa: ANN001
    from playwright.sync_api import expect

    page = context.new_page()
    pages = {}
    page.goto(server)
    pages["leeg formulier"] = axe_violations(page, axe_source)

    page.set_input_files("#f-tender_file", str(EXAMPLES / "schoonmaak-den-haag.yaml"))
    expect(page.locator("#total-obligation")).to_be_visible()
    pages["formulier met plan"] = axe_violations(page, axe_source)

    page.goto(server)
    page.fill("#f-reference", "2026-0142")
    page.click("#download-zip")  # incomplete: the server answers with the form and its errors
    expect(page.locator("#form-errors")).to_be_visible()
    pages["formulier met fouten"] = axe_violations(page, axe_source)

    page.goto(server + "bibliotheek", timeout=120_000)  # renders every clause of the library
    expect(page.locator("h1")).to_have_text("Bibliotheek")
    pages["bibliotheek"] = axe_violations(page, axe_source)

    page.goto(server + "bestaat-niet")
    pages["foutpagina"] = axe_violations(page, axe_source)
    page.close()
    found = [f"{name}: {line}" for name, lines in pages.items() for line in lines]
    assert not found, "\n".join(found)


def test_failed_submit_moves_focus_to_the_error_summary(server: str, context) -> None:  # noqa: ANN001
    from playwright.sync_api import expect

    page = context.new_page()
    page.goto(server)
    page.fill("#f-reference", "2026-0142")
    page.click("#download-zip")  # incomplete: the server answers with the form and its errors
    summary = page.locator("#form-errors")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    page.close()


def test_form_conventions_of_nl_design_system(server: str, context) -> None:  # noqa: ANN001
    page = context.new_page()
    page.goto(server)
    placeholders = page.eval_on_selector_all("input[placeholder]", "els => els.map(e => e.placeholder)")
    assert not [p for p in placeholders if p.strip()], placeholders
    optional = page.locator("label[for='f-value_eur']").inner_text()
    assert "(niet verplicht)" in optional
    for name in ("reference", "value_eur"):  # hint between label and input
        order = page.eval_on_selector(
            f"[data-field='{name}']",
            "el => Array.from(el.children).map(c => c.tagName.toLowerCase() + (c.className ? '.' + c.className : ''))",
        )
        assert order.index("p.hint") < order.index("input"), order
        assert order.index("p.field-error") < order.index("input"), order
    page.set_input_files("#f-tender_file", str(EXAMPLES / "schoonmaak-den-haag.yaml"))
    page.wait_for_selector("#lots-body tr.lot >> nth=1")
    names = page.eval_on_selector_all("button.remove", "els => els.map(e => e.getAttribute('aria-label'))")
    assert len(names) == 2 and len(set(names)) == 2, names
    hint = page.locator("#hint-publication_date").inner_text()
    assert "dd-mm-jjjj" in hint
    # Borders of controls and the focus ring: at least 3:1 against the white card (WCAG 1.4.11),
    # which axe-core does not measure.
    border = page.eval_on_selector("#f-reference", "el => getComputedStyle(el).borderTopColor")
    page.focus("#f-reference")
    ring = page.eval_on_selector("#f-reference", "el => getComputedStyle(el).outlineColor")
    remove = page.eval_on_selector("button.remove", "el => getComputedStyle(el).borderTopColor")
    for colour in (border, ring, remove):
        assert contrast(colour, "rgb(255, 255, 255)") >= 3, colour
    page.close()


def contrast(first: str, second: str) -> float:
    """WCAG contrast ratio of two CSS rgb() colours."""

    def luminance(css: str) -> float:
        channels = [int(v) / 255 for v in re.findall(r"\d+", css)[:3]]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    high, low = sorted((luminance(first), luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)
