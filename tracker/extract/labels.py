"""Labelled list lines: a line that opens with a cluster's name states that cluster's figure.

Explainers and year reviews list clusters one a line ("1. 新一代电子信息：营收4.72万亿元",
"▶ 新能源：约1.12万亿元", "现代轻工纺织 近3.4万亿元"): the name is the label, and a sum of money
after it is the cluster's revenue, with its attribute (营收) said or left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tracker.catalog import ANY_CLUSTER, Catalog
from tracker.extract.aliases import Entry, cluster_head, compile_term

# List markers that may open the line before the label.
MARKER = r"[ \t]*(?:\d{1,2}[.、](?!\d)|\([一二三四五六七八九十\d]+\)|[▶►▸·•●■◆▪\-*])?[ \t]*"
# What may stand between the label and its value, said of the cluster's money figure (a token
# of its own: see tokens.py).
ATTRIBUTE = compile_term("营业收入")


@dataclass(frozen=True)
class Labels:
    """The label pattern and the cluster entries its names resolve to."""

    pattern: str
    heads: re.Pattern[str]
    entries: dict[str, Entry]

    def resolve(self, text: str) -> Entry:
        """The entry of the cluster a label token names."""
        m = self.heads.search(text)
        assert m is not None and m.lastgroup is not None
        return self.entries[m.lastgroup]


def build_labels(catalog: Catalog, qualifiers: str) -> Labels:
    """Labels for every cluster of the catalog's per-cluster money indicator; `qualifiers`
    matches the words (近, 约) that may follow a label with no gap before the value."""
    money = next((code for code, ind in catalog.indicators.items()
                  if ind.cluster == ANY_CLUSTER and ind.unit == "CNY"), None)
    clusters = sorted(catalog.clusters.values(), key=lambda c: len(c.name_zh), reverse=True)
    entries = {f"c{i}": Entry(cl.name_zh + "营业收入", money, cl.code)
               for i, cl in enumerate(clusters) if money}
    names = [cluster_head(cl.name_zh) for cl in clusters] if money else ["(?!)"]
    # The label must start its line and be followed by a colon or a gap before the value.
    pattern = (f"(?<![^\\n]){MARKER}(?:{'|'.join(names)})"
               f"(?:[ \\t]*:|[ \\t]+(?=\\S)|(?=(?:{qualifiers})?\\d))")
    heads = "|".join(f"(?P<c{i}>{name})" for i, name in enumerate(names)) if money else "(?!)"
    return Labels(pattern, re.compile(heads), entries)
