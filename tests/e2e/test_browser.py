"""DRF's browsable API of the example in headless Chromium (Debian's chromium and chromium-driver)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from .conftest import App

CHROMIUM = shutil.which("chromium")
CHROMEDRIVER = shutil.which("chromedriver")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None or CHROMEDRIVER is None,
    reason="needs Debian's chromium and chromium-driver (tools/ensure-chromium.sh installs them)",
)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM or ""
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900"):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()


def test_users_list_renders_in_the_browsable_api(browser: Any, app: App, marker: str) -> None:
    from selenium.webdriver.common.by import By

    created = httpx.post(
        f"{app.url}/api/users/",
        json={"name": f"Browser {marker}", "email": f"{marker}@example.com", "tags": [marker]},
    )
    assert created.status_code == 201, created.text
    browser.get(f"{app.url}/api/users/?tags={marker}")
    assert browser.find_element(By.TAG_NAME, "h1").text == "User List"
    content = browser.find_element(By.CSS_SELECTOR, ".response-info").text
    assert f"Browser {marker}" in content and created.json()["id"] in content
    form = browser.find_element(By.CSS_SELECTOR, "#post-object-form form")  # the create form
    assert form.find_element(By.NAME, "email").get_attribute("type") == "email"
    navbar = "return getComputedStyle(document.querySelector('.navbar')).backgroundColor"
    assert browser.execute_script(navbar) == "rgb(44, 44, 44)"  # DRF's stylesheets came from /static/
