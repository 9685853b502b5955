"""Chinese words in the search index of the example site under MkDocs' built-in theme.

The built-in search (lunr.js) splits text only at its separator, and lunr's own Chinese support
needs a Node library that no browser has (it stopped the whole search). This hook cuts the
Chinese text of the built index into words with jieba, as Material's search plugin does, and
puts a zero-width space between them; mkdocs-default-theme.yml lists that space as a separator.
"""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path
from typing import Any

log = logging.getLogger("mkdocs.hooks.search_zh")
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
ZWSP = "\u200b"


def _cut(text: str) -> str:
    import jieba

    return HAN.sub(lambda m: ZWSP + ZWSP.join(jieba.cut(m.group(0))) + ZWSP, text)


def on_post_build(config: Any, **kwargs: Any) -> None:
    path = Path(config["site_dir"]) / "search" / "search_index.json"
    if not path.is_file():
        return
    try:
        import jieba  # noqa: F401
    except ImportError:
        log.warning("未安装 jieba（pip install jieba）：站内搜索只能找到以空格分开的词，中文词语搜不到")
        return
    data = json.loads(path.read_text(encoding="utf-8"))
    for doc in data.get("docs", []):
        for key in ("title", "text"):
            if isinstance(doc.get(key), str):
                doc[key] = _cut(doc[key])
    path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
