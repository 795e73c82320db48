"""scripts/dev/samesite.py: two built sites compared byte for byte, the zips by their members,
Pagefind's run-to-run file names by number."""
import zipfile

from scripts.dev.samesite import differences, main


def _site(root, page="<p>a</p>", zip_date=(2026, 1, 1, 0, 0, 0), filters=("en_1.pf_filter",)):
    (root / "en").mkdir(parents=True)
    (root / "en" / "index.html").write_text(page)
    (root / "pagefind" / "filter").mkdir(parents=True)
    for name in filters:
        (root / "pagefind" / "filter" / name).write_bytes(b"x")
    (root / "pagefind" / "pagefind-entry.json").write_text(str(filters))
    with zipfile.ZipFile(root / "copy.zip", "w") as z:
        z.writestr(zipfile.ZipInfo("copy/index.html", zip_date), page)


def test_the_same_sources_built_twice_are_the_same(tmp_path):
    """The zips' member dates and Pagefind's filter names differ between two builds of the same
    sources; the sites are the same."""
    _site(tmp_path / "a")
    _site(tmp_path / "b", zip_date=(2026, 1, 1, 0, 5, 0), filters=("en_2.pf_filter",))
    assert differences(tmp_path / "a", tmp_path / "b") == []
    assert main([str(tmp_path / "a"), str(tmp_path / "b")]) == 0


def test_a_changed_page_or_zip_member_is_reported(tmp_path):
    _site(tmp_path / "a")
    _site(tmp_path / "b", page="<p>b</p>", filters=("en_1.pf_filter", "en_2.pf_filter"))
    found = differences(tmp_path / "a", tmp_path / "b")
    assert "en/index.html differs" in found
    assert "copy.zip: member copy/index.html differs" in found
    assert any("pf_filter files: 1" in line for line in found)
    assert main([str(tmp_path / "a"), str(tmp_path / "b")]) == 1
