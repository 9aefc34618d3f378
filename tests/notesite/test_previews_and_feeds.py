"""Preview images drawn once and cached by what they show; feed corrections."""

from __future__ import annotations

import io
import json

import pytest

from notesite import feeds, previews


def test_card_is_a_1200_by_630_png_and_deterministic():
    """The same title gives the same bytes, so rebuilt sites do not change."""
    from PIL import Image

    first = previews.draw_card("Eigenvalues and eigenvectors", "My notes", "Note")
    assert first == previews.draw_card("Eigenvalues and eigenvectors", "My notes", "Note")
    with Image.open(io.BytesIO(first)) as image:
        assert (image.format, image.size) == ("PNG", (1200, 630))
    long_title = "A title long enough to need several lines " * 4
    with Image.open(io.BytesIO(previews.draw_card(long_title, "My notes", "Post"))) as image:
        assert image.size == (1200, 630)


def test_an_unchanged_page_does_not_redraw_its_image(tmp_path):
    """The second build takes the image from the cache; a changed title draws again."""
    cache = tmp_path / "cache"
    for site in ["one", "two"]:
        made = previews.Previews(tmp_path / site, cache)
        path = made.write("notes--a", previews.draw_card, "A note", "Site", "Note")
        made.finish()
        assert (tmp_path / site / path).is_file()
    assert (made.drawn, made.reused) == (0, 1)
    made.write("notes--a", previews.draw_card, "A renamed note", "Site", "Note")
    made.finish()
    assert made.drawn == 1
    uncached = previews.Previews(tmp_path / "three", None)
    uncached.write("notes--a", previews.draw_card, "A note", "Site", "Note")
    uncached.finish()
    assert uncached.drawn == 1


def test_a_drawing_that_fails_fails_the_build(tmp_path):
    """Images are drawn by another process; its failure is not lost there but raised by
    finish(), and nothing is cached for it."""
    # Where the image should go, a folder: the drawer cannot write it.
    (tmp_path / "site" / previews.SECTION / "notes--a.png").mkdir(parents=True)
    made = previews.Previews(tmp_path / "site", tmp_path / "cache")
    made.write("notes--a", previews.draw_card, "A note", "Site", "Note")
    with pytest.raises(RuntimeError, match="drawing the link previews failed: IsADirectoryError"):
        made.finish()
    assert not list((tmp_path / "cache").glob("*.png"))


def test_rss_names_move_to_dc_creator_and_addresses_stay():
    text = (
        "<channel>\n    <managingEditor>Sam Learner</managingEditor>\n"
        "<item><author>Sam Learner</author></item>"
        "<item><author>sam@example.org (Sam)</author></item></channel>"
    )
    fixed = feeds.fix_rss(text)
    assert "managingEditor" not in fixed
    assert "<dc:creator>Sam Learner</dc:creator>" in fixed
    assert "<author>sam@example.org (Sam)</author>" in fixed


def test_json_feed_nulls_are_dropped_everywhere():
    feed = {"version": "v", "icon": None, "items": [{"id": "1", "image": None, "tags": ["a"]}]}
    assert json.loads(feeds.fix_json(json.dumps(feed))) == {
        "version": "v",
        "items": [{"id": "1", "tags": ["a"]}],
    }
