"""Practice mode in a real browser: the drill's timer and checkpoints (on a fake clock),
answers revealed section by section, self-scores kept across reloads and shown on the
progress page, export and import, flashcards by keyboard, and the print stylesheet. Every
state is checked with axe, and no request may leave the site."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from test_browser import Visit, axe_violations

pytestmark = pytest.mark.browser

SCORES = {  # a drill's self-scores: modeling is the weakest
    "problem-navigation": 3,
    "training-data": 2,
    "feature-engineering": 4,
    "modeling": 1,
    "evaluation-and-deployment": 3,
}


@pytest.fixture
def tab(browser, site_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    visit = Visit(context, site_url)
    yield visit
    visit.assert_clean()
    context.close()


@pytest.fixture(scope="module")
def practice_data(site_dir: Path) -> dict:
    return json.loads((site_dir / "practice" / "data.json").read_text())


def assert_accessible(page, state: str) -> None:
    problems = axe_violations(page, skip=["div.highlight"])
    assert not problems, f"{state}:\n" + "\n".join(problems)


def test_drill_timer_reaches_its_checkpoints_on_a_fake_clock(tab, practice_data) -> None:
    tab.page.clock.install(time=datetime(2026, 11, 27, 9, 0, 0))
    tab.goto("practice/drill/?prompt=hotel-search")
    page = tab.page
    page.wait_for_selector(".mlsd-drill__clock")
    assert "Rank hotels" in page.locator(".mlsd-drill__prompt").inner_text()
    page.get_by_role("button", name="Start").click()
    _, second, third = practice_data["plan"][:3]
    page.clock.run_for(f"{second['end']:02d}:01")
    assert page.locator(".mlsd-drill__clock").inner_text().startswith(f"{second['end']:02d}:01")
    reached = page.locator(".mlsd-drill__checkpoints li.mlsd-drill__reached")
    assert reached.count() == 2, "the first two checkpoints should be reached"
    assert page.locator(f"li[data-end='{third['end']}']").get_attribute("class") is None
    announce = page.locator(".mlsd-drill__announce").inner_text()
    assert f"Minute {second['end']} checkpoint: {second['checkpoint']}" in announce
    page.get_by_role("button", name="Pause").click()
    page.clock.run_for("05:00")  # paused: the clock must not move
    assert page.locator(".mlsd-drill__clock").inner_text().startswith(f"{second['end']:02d}:01")
    page.get_by_role("button", name="Resume").click()
    page.clock.run_for("45:00")
    assert reached.count() == len(practice_data["plan"])
    assert "Time is up" in page.locator(".mlsd-drill__announce").inner_text()
    page.get_by_role("button", name="Reveal the next hint").click()
    assert "1 of" in page.locator(".mlsd-drill__count").inner_text()
    assert_accessible(page, "drill after 45 minutes with a hint revealed")


def score_a_case_study_drill(tab, practice_data) -> str:
    study = practice_data["cases"][0]
    tab.goto(f"practice/drill/?case={study['id']}")
    page = tab.page
    reveal = page.get_by_role("button", name="Reveal the next section")
    reveal.click()
    reveal.click()
    assert page.locator(".mlsd-drill__revealed .mlsd-drill__section").count() == 2
    assert page.locator(".mlsd-drill__count").inner_text().startswith("2 of ")
    second = page.locator(".mlsd-drill__revealed .mlsd-drill__section h3").nth(1).inner_text()
    assert second == "Problem and clarifying questions"
    for signal, score in SCORES.items():
        page.locator(f"input[name='{signal}'][value='{score}']").check()
    page.get_by_role("button", name="Save my scores").click()
    assert "Saved (drill 1)" in page.locator(".mlsd-drill__saved").inner_text()
    assert_accessible(page, "drill with sections revealed and scores saved")
    return study["title"]


def test_self_score_survives_a_reload_and_shows_on_the_progress_page(tab, practice_data):
    title = score_a_case_study_drill(tab, practice_data)
    tab.page.reload()
    tab.goto("practice/progress/")
    page = tab.page
    page.wait_for_selector(".mlsd-progress__table")
    row = page.locator(".mlsd-progress__table tbody tr")
    assert row.count() == 1
    cells = row.first.locator("td").all_inner_texts()
    assert cells[1] == title
    assert cells[2:] == [str(s) for s in SCORES.values()]
    assert page.locator(".mlsd-progress__weakest").inner_text() == "Modeling"
    assert_accessible(page, "progress page with one drill")


def test_export_then_import_restores_the_history(tab, practice_data, tmp_path: Path) -> None:
    title = score_a_case_study_drill(tab, practice_data)
    tab.goto("practice/progress/")
    page = tab.page
    page.wait_for_selector(".mlsd-progress__table")
    with page.expect_download() as download:
        page.get_by_role("button", name="Export my history").click()
    exported = tmp_path / "history.json"
    download.value.save_as(exported)
    assert json.loads(exported.read_text())["scores"]["drills"][0]["title"] == title
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Reset everything").click()
    assert page.locator(".mlsd-progress__table").count() == 0
    assert "No drills scored yet" in page.locator("[data-practice]").inner_text()
    page.locator("#mlsd-import").set_input_files(str(exported))
    page.wait_for_selector(".mlsd-progress__table")
    assert page.locator(".mlsd-progress__table tbody tr td").nth(1).inner_text() == title
    assert "Imported 1 drills" in page.locator(".mlsd-progress__status").inner_text()


def test_flashcards_advance_by_keyboard_and_remember_progress(tab) -> None:
    tab.goto("practice/flashcards/")
    page = tab.page
    front = page.locator(".mlsd-cards__front")
    page.wait_for_function("document.querySelector('.mlsd-cards__front')?.textContent")
    first = front.inner_text()
    page.locator("h1").click()  # keyboard focus on the page, not on a control
    page.keyboard.press("Space")
    assert page.locator(".mlsd-cards__back").is_visible()
    assert_accessible(page, "flashcard with its answer shown")
    page.keyboard.press("2")
    assert not page.locator(".mlsd-cards__back").is_visible()
    second = front.inner_text()
    assert second != first
    assert "Reviewed: 1" in page.locator(".mlsd-cards__stats").inner_text()
    page.reload()
    page.wait_for_function("document.querySelector('.mlsd-cards__front')?.textContent")
    assert "Reviewed: 1" in page.locator(".mlsd-cards__stats").inner_text()
    assert front.inner_text() == second, "the card graded 'good' should not come back today"


def test_print_stylesheet_hides_navigation(tab) -> None:
    tab.goto("practice/cheat-sheets/")
    page = tab.page
    assert page.locator(".md-header").is_visible()
    page.emulate_media(media="print")
    for selector in (".md-header", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer"):
        assert not page.locator(selector).first.is_visible(), f"{selector} prints"
    assert page.locator("article h1").is_visible()
