"""The admin in headless Chromium against a live server: log in, list the books, edit one, save."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.test.testcases import LiveServerThread

from .admin_site import library_project
from .library.documents import Book

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")

pytestmark = pytest.mark.skipif(
    not (CHROMIUM.exists() and CHROMEDRIVER.exists()), reason="Chromium is not installed"
)


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    with library_project(tmp_path_factory.mktemp("browser") / "admin.sqlite3"):
        yield


@pytest.fixture
def live_server(project: None, db_name: str) -> Iterator[str]:
    server = LiveServerThread("127.0.0.1", StaticFilesHandler, port=0)
    server.daemon = True
    server.start()
    server.is_ready.wait(timeout=10)
    if server.error:
        raise server.error
    yield f"http://127.0.0.1:{server.port}"
    server.terminate()


@pytest.fixture
def browser() -> Iterator[object]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()


def test_log_in_list_edit_and_save(live_server: str, browser: object) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.remote.webdriver import WebDriver
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait

    assert isinstance(browser, WebDriver)
    user, _ = User.objects.get_or_create(
        username="librarian", defaults={"is_staff": True, "is_superuser": True}
    )
    user.set_password("shelves-and-stacks")
    user.save()
    book = Book.sync.objects.create(title="Old title", pages=12, tags=["kept"])
    wait = WebDriverWait(browser, 15)

    browser.get(f"{live_server}/admin/login/?next=/admin/library/book/")
    browser.find_element(By.ID, "id_username").send_keys("librarian")
    browser.find_element(By.ID, "id_password").send_keys("shelves-and-stacks")
    browser.find_element(By.CSS_SELECTOR, "input[type=submit]").click()

    wait.until(expected_conditions.presence_of_element_located((By.ID, "result_list")))
    assert "Select book to change" in browser.page_source
    browser.find_element(By.LINK_TEXT, "Old title").click()

    title = wait.until(expected_conditions.presence_of_element_located((By.ID, "id_title")))
    title.clear()
    title.send_keys("New title")
    browser.find_element(By.NAME, "_save").click()

    message = wait.until(
        expected_conditions.presence_of_element_located((By.CSS_SELECTOR, ".messagelist .success"))
    )
    assert "was changed successfully" in message.text
    assert "New title" in browser.find_element(By.ID, "result_list").text
    stored = Book.sync.objects.get(id=book.id)
    assert stored.title == "New title" and stored.pages == 12 and stored.tags == ["kept"]
