"""The local server behaves like production: 404 page, sitemap answered from every folder."""
import functools
import http.server
import threading
import urllib.error
import urllib.request

import pytest

from scripts.publish.serve import SiteHandler


@pytest.fixture(scope="module")
def server(built_site):
    handler = functools.partial(SiteHandler, directory=str(built_site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def test_sitemap_is_answered_below_any_folder(server):
    for path in ["/sitemap.xml", "/ru/sitemap.xml", "/en/campaigns/doverie-111/sitemap.xml"]:
        with urllib.request.urlopen(server + path) as resp:
            assert resp.status == 200 and b"<urlset" in resp.read()


def test_unknown_path_gets_the_404_page(server):
    with pytest.raises(urllib.error.HTTPError) as exc:
        urllib.request.urlopen(server + "/no/such/page/")
    assert exc.value.code == 404
    assert "Страница не найдена" in exc.value.read().decode("utf-8")
