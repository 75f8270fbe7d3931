from django.urls import reverse


def test_pages_render(client, world, issue_a):
    client.force_login(world.leader_a)
    assert client.get(reverse("issues:list")).status_code == 200
    r = client.get(reverse("issues:detail", args=[issue_a.pk]))
    assert r.status_code == 200, r.content.decode()[:3000]
    assert client.get(reverse("issues:create")).status_code == 200
    assert client.get(reverse("issues:edit", args=[issue_a.pk])).status_code == 200
