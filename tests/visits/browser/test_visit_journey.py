"""A cadre logs a visit with two camera photos on a phone; another team cannot open it."""

import re

from PIL import Image
from playwright.sync_api import expect

from visits.models import Visit


def _camera_photo(path, size):
    # Big enough that the browser must scale it down (longest edge 4000 px).
    Image.effect_noise(size, 60).convert("RGB").save(path, quality=92)
    assert path.stat().st_size > 3_000_000  # a real phone photo's weight
    return str(path)


def test_cadre_logs_a_visit_with_two_photos_and_the_other_team_cannot_open_it(page, url, sign_in, world, tmp_path):
    photos = [_camera_photo(tmp_path / "a.jpg", (4000, 3000)), _camera_photo(tmp_path / "b.jpg", (3000, 4000))]
    sign_in(world.cadre_a)

    page.goto(url("/visits/new/"))
    expect(page.get_by_role("heading", name="填报走访记录")).to_be_visible()
    page.get_by_label("走访日期").fill("2026-08-04")
    page.get_by_label("形式").select_option(label="慰问")
    page.get_by_label("地点").fill("外卖快递综合休闲驿站")
    page.get_by_label("工作内容").fill("慰问外卖、快递小哥，送去清凉慰问品")
    page.locator("input[name=photos]").set_input_files(photos)
    expect(page.locator("#photo-status")).to_contain_text("已选择 2 张照片")
    # Scaled down in the browser before upload: ~11 MB camera files leave as JPEGs of a few hundred KB.
    sizes = page.evaluate("Array.from(document.querySelector('input[name=photos]').files).map(f => f.size)")
    assert len(sizes) == 2
    assert all(size < 3_000_000 for size in sizes), sizes
    page.get_by_role("button", name="保存").click()

    expect(page).to_have_url(re.compile(r"/visits/\d+/$"))
    expect(page.get_by_text("走访记录已保存。")).to_be_visible()
    visit = Visit.objects.get()
    stored = list(visit.photos.all())
    assert len(stored) == 2
    assert all(max(p.width, p.height) <= 1920 for p in stored)
    expect(page.locator("img.photo-thumb")).to_have_count(2)

    page.goto(url("/visits/"))
    expect(page.get_by_text("慰问外卖、快递小哥")).to_be_visible()

    sign_in(world.leader_b)
    response = page.goto(url(f"/visits/{visit.pk}/"))
    assert response.status == 404
    expect(page.get_by_text("页面不存在")).to_be_visible()
