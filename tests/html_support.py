"""Reading the published page in tests: parse it, find an element, read its text as shown."""

from __future__ import annotations

from pathlib import Path
from xml.etree.ElementTree import Element

import html5lib


def page(path: Path) -> Element:
    """Parsed strictly: any HTML parse error fails the test."""
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    return parser.parse(path.read_bytes())


def text_of(element: Element) -> str:
    return " ".join("".join(element.itertext()).split())


def by_id(root: Element, id_: str) -> Element:
    found = root.find(f".//*[@id='{id_}']")
    assert found is not None, id_
    return found


def shown_text(element: Element) -> str:
    """The text a reader sees without the script: what is `hidden` left out."""

    def inner(node: Element) -> str:
        if node.get("hidden") is not None:
            return ""
        return (node.text or "") + "".join(inner(child) + (child.tail or "") for child in node)

    return " ".join(inner(element).split())
