import pytest

pytestmark = pytest.mark.django_db(transaction=True)

DIRECTIONS = {"de": "ltr", "ar": "rtl", "ps": "rtl"}

NAV_EDGES = """() => {
    const list = document.querySelector(".main-nav__list");
    const style = getComputedStyle(list);
    const box = list.getBoundingClientRect();
    const first = list.querySelector("li").getBoundingClientRect();
    return {
        contentLeft: box.left + parseFloat(style.paddingLeft),
        contentRight: box.right - parseFloat(style.paddingRight),
        firstLeft: first.left,
        firstRight: first.right,
    };
}"""


def test_home_page_on_a_small_phone_mirrors_in_right_to_left_languages(browser, demo_site, artifacts):
    page = browser.new_page(viewport={"width": 360, "height": 740})
    requested = []
    page.on("request", lambda request: requested.append(request.url))

    for code, direction in DIRECTIONS.items():
        page.goto(f"{demo_site.url}/{code}/")

        assert page.locator("html").get_attribute("lang") == code
        assert page.locator("html").get_attribute("dir") == direction
        page.screenshot(path=artifacts / f"home-{code}-360x740.png", full_page=True)
        edges = page.evaluate(NAV_EDGES)
        if direction == "rtl":
            assert abs(edges["firstRight"] - edges["contentRight"]) < 1, edges
        else:
            assert abs(edges["firstLeft"] - edges["contentLeft"]) < 1, edges

    page.close()
    assert all(url.startswith(demo_site.url) for url in requested), "no third-party requests"
