"""Every relative link and image of README.md and docs/ points at a file that exists,
so moving or deleting a page or a published run cannot leave a reader stranded."""
import pathlib
import re

ROOT = pathlib.Path(__file__).resolve().parents[3]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("**/*.md"))]
LINK = re.compile(r"\]\(([^)\s]+)\)")
CODE = re.compile(r"```.*?```|`[^`\n]*`", re.S)


def broken_links(page):
    text = CODE.sub("", page.read_text())
    targets = [link.split("#", 1)[0] for link in LINK.findall(text)]
    return [target for target in targets if target and "://" not in target and not target.startswith("mailto:")
            and not (page.parent / target).exists()]


def test_every_link_between_pages_leads_somewhere():
    broken = {str(page.relative_to(ROOT)): links for page in PAGES if (links := broken_links(page))}
    assert not broken, broken


def test_the_check_sees_a_broken_link(tmp_path):
    page = tmp_path / "page.md"
    (tmp_path / "there.md").write_text("")
    page.write_text("[ok](there.md#a) [gone](missing.md) [web](https://example.org) `[code](nowhere.md)`\n")
    assert broken_links(page) == ["missing.md"]
