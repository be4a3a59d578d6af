"""Text -> figures: read the catalog figures a Chinese or English release states, with their
exact quotes.

Pure functions: nothing here writes or touches the network; the only I/O is decoding the bytes
it is given. Offsets (`Figure.start`/`end`) index the decoded file text, i.e.
`decode(data).text[start:end] == quote`, for plain text and HTML alike (an HTML quote may
contain the inline markup that sits inside the clause).
"""

from __future__ import annotations

import datetime as dt

from tracker.catalog import catalog
from tracker.errors import InputError
from tracker.extract.decode import Decoded, decode
from tracker.extract.engine import Reader
from tracker.extract.english import EnglishReader
from tracker.extract.english_text import english_clean, is_english
from tracker.extract.figures import Figure, figures_frame
from tracker.extract.normalize import normalize
from tracker.extract.tokens import grammar

__all__ = ["Decoded", "Figure", "decode", "extract_figures", "figures_frame", "parse_date"]


def extract_figures(data: bytes, published: dt.date, region: str = "440000",
                    source: str = "input") -> list[Figure]:
    """Every catalog figure the release `data` states, once each, in document order.

    `published` resolves 去年/今年 and year-less periods; `region` is the release's own region
    (what 全省/全市 mean). Raises InputError for empty, binary or undecodable input and
    CatalogError for an unknown region code.
    """
    cat = catalog()
    cat.region(region)
    g = grammar()
    decoded = decode(data, source)
    if is_english(decoded.text, decoded.is_html):
        # An English-language release (China Daily, Xinhua, newsgd.com): see english.py.
        return EnglishReader(english_clean(decoded), published, region, cat).read()
    clean = normalize(decoded, g.joins, g.header_cell, g.continues)
    return Reader(clean, published, region, cat, g).read()


def parse_date(text: str, source: str = "--published") -> dt.date:
    """A YYYY-MM-DD date, or InputError saying what was expected."""
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise InputError(source, "a date as YYYY-MM-DD (e.g. 2025-01-15)", repr(text),
                         "Pass the release's publication date in ISO form.") from None
