"""The nginx configuration and its Content-Security-Policy (served for real in test_browser.py)."""
import shutil
import subprocess
from pathlib import Path

import pytest

from scripts.publish.nginx import content_security_policy, inline_scripts, prepare_prefix, render_config, script_hash

from conftest import run_cli


def test_inline_scripts_are_the_ones_a_browser_runs():
    html = """<html><head><script>var a = 1 < 2 && "x";</script><script src="/x.js"></script>
    <script type="application/json" id="__config">{"a": 1}</script></head>
    <body><script type="module">import "./y.js"</script><script>
    multi
    line</script></body></html>"""
    assert inline_scripts(html) == ['var a = 1 < 2 && "x";', 'import "./y.js"', "\n    multi\n    line"]


def test_script_hash_is_the_csp_sha256_of_the_text():
    # the well-known SHA-256 of the empty string, base64
    assert script_hash("") == "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='"
    assert script_hash("é") != script_hash("e")


def test_policy_allows_the_site_and_its_inline_scripts_only(built_site):
    csp = dict(part.strip().split(" ", 1) for part in content_security_policy(built_site).split(";"))
    script_src = csp["script-src"].split()
    assert script_src[0] == "'self'" and len(script_src) > 2
    assert "'unsafe-inline'" not in csp["script-src"] and "'unsafe-eval'" not in csp["script-src"]
    # the search (Pagefind) compiles WebAssembly: that, and not eval(), is what 'wasm-unsafe-eval' allows
    assert script_src[1] == "'wasm-unsafe-eval'"
    assert all(s.startswith("'sha256-") for s in script_src[2:])
    for directive in csp.values():
        assert "http" not in directive and "*" not in directive  # no other host


def test_rendered_config_passes_nginx_own_check(built_site, tmp_path):
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    assert Path(nginx).exists(), "nginx is missing: `make test` installs Debian's nginx"
    conf = tmp_path / "nginx.conf"
    conf.write_text(render_config(built_site, "127.0.0.1:8089", tmp_path), encoding="utf-8")  # -t binds nothing
    prepare_prefix(tmp_path)
    proc = subprocess.run([nginx, "-t", "-q", "-p", str(tmp_path), "-e", str(tmp_path / "error.log"), "-c", str(conf)],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    text = conf.read_text(encoding="utf-8")
    assert f'root "{built_site.resolve()}";' in text and "'unsafe-inline'" not in text


@pytest.mark.parametrize("bad", ['/srv/a"b', "/srv/$site", "/srv/a\nb"])
def test_paths_that_would_break_the_config_are_refused(built_site, tmp_path, bad):
    with pytest.raises(ValueError):
        render_config(built_site, "127.0.0.1:8080", bad)


def test_cli_prints_the_config_and_refuses_an_unbuilt_site(built_site, tmp_path):
    proc = run_cli("nginx-conf", "--site-dir", str(built_site), "--prefix", str(tmp_path / "ngx"))
    assert proc.returncode == 0, proc.stderr
    assert "Content-Security-Policy" in proc.stdout and (tmp_path / "ngx" / "tmp" / "proxy").is_dir()
    proc = run_cli("nginx-conf", "--site-dir", str(tmp_path / "nothing"), "--prefix", str(tmp_path / "ngx"))
    assert proc.returncode == 1 and "run `python -m scripts build` first" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_moved_addresses_are_read_from_the_built_sites_stubs(built_site):
    from scripts.sources.languages import SETTINGS
    from scripts.publish.nginx import moved_addresses
    from scripts.pages.redirects import redirects_for

    from conftest import ROOT

    moved = moved_addresses(built_site)
    redirects, _ = redirects_for(ROOT / "campaigns.yml")
    expected = {"/" + s.prefix + r.from_: "/" + s.prefix + r.to for r in redirects for s in SETTINGS.values()}
    assert moved == expected


def test_rendered_config_has_each_languages_404_page_and_the_301s(built_site, tmp_path):
    text = render_config(built_site, "127.0.0.1:8089", tmp_path)
    assert "error_page 404 /404.html;" in text
    assert "location /ru/ {" in text and "error_page 404 /ru/404.html;" in text
    assert "location /en/ {" in text and "error_page 404 /en/404.html;" in text
    assert "return 301 $site_moved_to;" in text
