"""How much the phone keeps for a cadre of the demo's team (a measurement, printed, not a test of speed).

    DUNDIAN_MEASURE_OFFLINE=1 .venv/bin/python -m pytest tests/visits/browser/test_offline_store_size.py -s

Skipped otherwise, like the matrix printer (MATRIX_RECORD=1). The figures are in docs/offline.md.
"""

import os

import pytest
from django.contrib.auth import get_user_model
from PIL import Image
from playwright.sync_api import expect

from tests.browser.journeys import seed_demo

pytestmark = pytest.mark.skipif(
    os.environ.get("DUNDIAN_MEASURE_OFFLINE") != "1", reason="DUNDIAN_MEASURE_OFFLINE=1 measures the offline store"
)

CACHE_SIZES = """async () => {
    const out = {};
    for (const name of await caches.keys()) {
        const cache = await caches.open(name);
        let bytes = 0, entries = 0;
        for (const request of await cache.keys()) {
            bytes += (await (await cache.match(request)).blob()).size;
            entries += 1;
        }
        out[name.replace(/-[0-9a-f]{12}$/, "")] = [entries, bytes];
    }
    return out;
}"""

PAGE_SIZES = """async () => {
    const cache = await caches.open("dundian-data");
    const out = [];
    for (const request of await cache.keys()) {
        out.push([new URL(request.url).pathname + new URL(request.url).search, (await (await cache.match(request)).blob()).size]);
    }
    return out;
}"""

DRAFT_SIZES = """async () => (await DundianOffline.listDrafts()).map(d => [
    d.photos.reduce((sum, p) => sum + p.blob.size, 0),
    JSON.stringify(d.fields).length,
])"""


@pytest.fixture(params=["phone"])
def viewport_name(request):
    return request.param


def test_measure_the_offline_store_of_a_demo_cadre(page, context, url, sign_in, tmp_path):
    seed_demo()
    sign_in(get_user_model().objects.get(username="cadre1"))
    page.goto(url("/visits/new/"))
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    page.wait_for_function("document.documentElement.dataset.offlineSynced")
    caches = page.evaluate(CACHE_SIZES)
    pages = page.evaluate(PAGE_SIZES)

    photos = []
    for name, size in (("a.jpg", (4000, 3000)), ("b.jpg", (3000, 4000))):
        Image.effect_noise(size, 60).convert("RGB").save(tmp_path / name, quality=92)
        photos.append(str(tmp_path / name))
    context.set_offline(True)
    context.route("**/*", lambda route: route.abort("internetdisconnected"))
    page.get_by_label("工作内容").fill("测量：一条带两张照片的草稿")
    page.locator("input[name=photos]").set_input_files(photos)
    expect(page.locator("#photo-status")).to_contain_text("已选择 2 张照片")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_test_id("draft-saved")).to_be_visible()
    drafts = page.evaluate(DRAFT_SIZES)
    usage = page.evaluate("navigator.storage.estimate().then(e => e.usage)")

    print("\nOFFLINE STORE (cadre1, demo data)")
    for name, (entries, size) in sorted(caches.items()):
        print(f"  cache {name:15} {entries:3} entries {size / 1024:8.1f} KB")
    for path, size in pages:
        print(f"    {path:60} {size / 1024:6.1f} KB")
    for photo_bytes, field_chars in drafts:
        print(f"  draft: photos {photo_bytes / 1024:.1f} KB, fields {field_chars} characters")
    print(f"  navigator.storage.estimate().usage: {usage / 1024:.1f} KB")
    assert caches["dundian-data"][0] > 10
