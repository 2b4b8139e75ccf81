#!/usr/bin/env python3
"""tests/browser/check.py: checks used by tests/browser.sh (standard library only).

  check.py png FILE.png          the screenshot is not blank
  check.py dom FILE.html         every <svg> draws something; charts have a title;
                                 (run on chromium's --dump-dom output)
  check.py selfcontained FILE    no external resource, no script
  check.py notags FILE           no script, external-resource tag or handler
                                 attribute (text may mention URLs)
  check.py console STDERR.log    no console message or uncaught error
  check.py pdf FILE.pdf          a PDF with at least one A4 page
  check.py wellformed FILE.html  every element closed, in order (the page as written)
  check.py trim FILE.png         cut the white space under the page (in place)

Each prints one line saying what it found and exits 0 (pass) or 1 (fail).
"""
import os
import re
import struct
import sys
import zlib
from html.parser import HTMLParser

DRAWN = {"rect", "path", "line", "circle", "ellipse", "polygon", "polyline", "text"}


def fail(msg):
    print(msg)
    sys.exit(1)


def png_pixels(path):
    """Decode an 8-bit, non-interlaced RGB/RGBA/grey PNG; yields rows of bytes."""
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        fail(f"{os.path.basename(path)}: not a PNG")
    pos, idat, hdr = 8, [], None
    while pos < len(data):
        (n,) = struct.unpack(">I", data[pos:pos + 4])
        kind = data[pos + 4:pos + 8]
        body = data[pos + 8:pos + 8 + n]
        pos += 12 + n
        if kind == b"IHDR":
            hdr = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat.append(body)
        elif kind == b"IEND":
            break
    if not hdr:
        fail(f"{os.path.basename(path)}: no IHDR")
    w, h, depth, ctype, _, _, interlace = hdr
    if depth != 8 or interlace != 0 or ctype not in (0, 2, 4, 6):
        fail(f"{os.path.basename(path)}: unsupported PNG (depth {depth}, colour type {ctype}, interlace {interlace})")
    bpp = {0: 1, 2: 3, 4: 2, 6: 4}[ctype]
    raw = zlib.decompress(b"".join(idat))
    stride = w * bpp
    prev = bytearray(stride)
    rows = []
    i = 0
    for _ in range(h):
        f = raw[i]
        line = bytearray(raw[i + 1:i + 1 + stride])
        i += 1 + stride
        if f == 1:
            for x in range(bpp, stride):
                line[x] = (line[x] + line[x - bpp]) & 255
        elif f == 2:
            for x in range(stride):
                line[x] = (line[x] + prev[x]) & 255
        elif f == 3:
            for x in range(stride):
                left = line[x - bpp] if x >= bpp else 0
                line[x] = (line[x] + ((left + prev[x]) >> 1)) & 255
        elif f == 4:
            for x in range(stride):
                a = line[x - bpp] if x >= bpp else 0
                b = prev[x]
                c = prev[x - bpp] if x >= bpp else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pr = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                line[x] = (line[x] + pr) & 255
        rows.append(bytes(line))
        prev = line
    return w, h, bpp, rows


def check_png(path):
    w, h, bpp, rows = png_pixels(path)
    colours, nonwhite, total = set(), 0, 0
    for y in range(0, h, 2):
        row = rows[y]
        for x in range(0, w, 2):
            px = row[x * bpp:x * bpp + min(bpp, 3)]
            colours.add(px)
            total += 1
            if any(c < 245 for c in px):
                nonwhite += 1
    share = nonwhite / total if total else 0
    msg = f"{os.path.basename(path)}: {w}x{h}, {len(colours)} distinct colours, {share:.1%} non-white"
    if len(colours) < 16 or share < 0.02:
        fail(msg + " (looks blank)")
    # the red, amber or green of a verdict must be on the page somewhere
    verdictish = sum(1 for c in colours if len(c) == 3 and (
        (c[0] > 150 and c[1] < 90 and c[2] < 90) or          # breach red
        (c[0] > 200 and 120 < c[1] < 200 and c[2] < 60) or   # contested amber
        (c[0] < 90 and c[1] > 100 and c[2] < 90)))           # compliant green
    if verdictish == 0:
        fail(msg + " (no verdict colour drawn)")
    print(msg + f", {verdictish} verdict-like colours")


class SvgCounter(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.svgs = []      # per top-level svg: dict
        self.depth = 0
        self.cur = None
        self.in_title = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "svg":
            if self.depth == 0:
                self.cur = {"class": a.get("class", ""), "drawn": {}, "title": "", "texts": 0}
                self.svgs.append(self.cur)
            self.depth += 1
            return
        if self.depth:
            if tag in DRAWN:
                self.cur["drawn"][tag] = self.cur["drawn"].get(tag, 0) + 1
            if tag == "title" and not self.cur["title"]:
                self.in_title = True

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag == "svg":
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if tag == "svg" and self.depth:
            self.depth -= 1
            if self.depth == 0:
                self.cur = None
        if tag == "title":
            self.in_title = False

    def handle_data(self, data):
        if self.in_title and self.cur is not None:
            self.cur["title"] += data


def check_dom(path):
    p = SvgCounter()
    p.feed(open(path, encoding="utf-8", errors="replace").read())
    if not p.svgs:
        fail(f"{os.path.basename(path)}: no <svg> in the DOM")
    bad, charts = [], 0
    for i, s in enumerate(p.svgs, 1):
        n = sum(s["drawn"].values())
        if n == 0:
            bad.append(f"svg #{i} ({s['class'] or 'no class'}) draws nothing")
        if not s["title"].strip():
            bad.append(f"svg #{i} ({s['class']}) has no <title>")
        if "chart" in s["class"].split():
            charts += 1
            if s["drawn"].get("text", 0) < 3:
                bad.append(f"chart #{i} ({s['class']}) has fewer than 3 text labels (title, axis, legend)")
            if n - s["drawn"].get("text", 0) < 3:
                bad.append(f"chart #{i} ({s['class']}) draws fewer than 3 shapes")
    summary = ", ".join(
        f"{s['class'] or 'svg'}:{sum(s['drawn'].values())}" for s in p.svgs if "chart" in s["class"].split())
    if bad:
        fail(f"{os.path.basename(path)}: " + "; ".join(bad))
    print(f"{os.path.basename(path)}: {len(p.svgs)} svg, {charts} charts, all drawn ({summary})")


RESOURCE_ATTRS = {"src", "href", "xlink:href", "srcset", "action", "formaction", "poster",
                  "data", "background", "manifest", "ping", "cite"}


class ResourceFinder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = []
        self.in_style = False

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "link", "iframe", "object", "embed", "img", "frame", "base",
                   "audio", "video", "source", "track"):
            self.found.append(f"<{tag}>")
        if tag == "meta":
            a = dict(attrs)
            if (a.get("http-equiv") or "").lower() == "refresh":
                self.found.append("<meta http-equiv=refresh>")
        for k, v in attrs:
            v = v or ""
            if k.startswith("on"):
                self.found.append(f"<{tag} {k}=...> (script)")
            if k in RESOURCE_ATTRS and not v.startswith("#"):
                self.found.append(f"<{tag} {k}={v!r}>")
            if k == "style" and re.search(r"url\s*\(|@import", v, re.I):
                self.found.append(f"<{tag} style={v!r}>")
        self.in_style = tag == "style"

    def handle_endtag(self, tag):
        if tag == "style":
            self.in_style = False

    def handle_data(self, data):
        if self.in_style and re.search(r"url\s*\(|@import|@font-face", data, re.I):
            self.found.append("a url()/@import/@font-face in <style>")


def check_selfcontained(path):
    text = open(path, encoding="utf-8", errors="replace").read()
    p = ResourceFinder()
    p.feed(text)
    # any http(s):// outside the SVG namespace declaration is suspicious
    stray = [m.group(0) for m in re.finditer(r"https?://[^\s\"'<>]*", text)
             if m.group(0) != "http://www.w3.org/2000/svg"]
    if p.found or stray:
        fail(f"{os.path.basename(path)}: external references or script: " + ", ".join(p.found + stray[:5]))
    print(f"{os.path.basename(path)}: self-contained (no script, no external resource, no http(s):// reference)")


def check_notags(path):
    p = ResourceFinder()
    p.feed(open(path, encoding="utf-8", errors="replace").read())
    if p.found:
        fail(f"{os.path.basename(path)}: markup from scenario text got through: " + ", ".join(p.found[:5]))
    print(f"{os.path.basename(path)}: no script, resource tag or handler")


def check_console(path):
    bad = []
    for line in open(path, encoding="utf-8", errors="replace"):
        if ":CONSOLE" in line or "Uncaught" in line or "Refused to" in line:
            bad.append(line.strip())
    if bad:
        fail(f"{os.path.basename(path)}: {len(bad)} console message(s): " + " | ".join(bad[:3]))
    print(f"{os.path.basename(path)}: no console messages")


def check_pdf(path):
    data = open(path, "rb").read()
    if not data.startswith(b"%PDF"):
        fail(f"{os.path.basename(path)}: not a PDF")
    pages = len(re.findall(rb"/Type\s*/Page[^s]", data))
    boxes = re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", data)
    a4 = [b for b in boxes if abs(float(b[0]) - 595.9) < 3 and abs(float(b[1]) - 842.9) < 3]
    if pages < 1:
        fail(f"{os.path.basename(path)}: no pages")
    if not a4:
        fail(f"{os.path.basename(path)}: {pages} pages, none A4 (MediaBox {boxes[:1]})")
    print(f"{os.path.basename(path)}: {pages} A4 pages")


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Balance(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.errors = [], []

    def handle_starttag(self, tag, attrs):
        if tag not in VOID:
            self.stack.append((tag, self.getpos()[0]))

    def handle_startendtag(self, tag, attrs):
        pass

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if self.stack and self.stack[-1][0] == tag:
            self.stack.pop()
        else:
            top = self.stack[-1] if self.stack else None
            self.errors.append(f"line {self.getpos()[0]}: </{tag}> closes {top}")


def check_wellformed(path):
    p = Balance()
    p.feed(open(path, encoding="utf-8", errors="replace").read())
    p.close()
    if p.errors or p.stack:
        fail(f"{os.path.basename(path)}: " + "; ".join(p.errors[:3] + [f"<{t}> from line {n} never closed" for t, n in p.stack[:3]]))
    print(f"{os.path.basename(path)}: every element closed in order")


def write_png(path, w, h, bpp, rows):
    ctype = {1: 0, 2: 4, 3: 2, 4: 6}[bpp]

    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xffffffff)
    raw = b"".join(b"\x00" + r for r in rows)
    data = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, ctype, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))
    open(path, "wb").write(data)


def trim_png(path):
    w, h, bpp, rows = png_pixels(path)
    last = 0
    for y in range(h):
        if any(b < 245 for b in rows[y][::bpp]):
            last = y
    keep = min(h, last + 32)
    write_png(path, w, keep, bpp, rows[:keep])
    print(f"{os.path.basename(path)}: {w}x{keep} (was {w}x{h})")


class Sections(HTMLParser):
    """What a lawyer checks in a scenario report's DOM: headings, elements by
    class, ids, links to the bibliography, and each reading card's parts."""
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.h2, self.classes, self.ids, self.hrefs = [], {}, set(), []
        self.cards, self.in_h2, self.text = [], False, ""

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for c in (a.get("class") or "").split():
            key = f"{tag}.{c}"
            self.classes[key] = self.classes.get(key, 0) + 1
        if a.get("id"):
            self.ids.add(a["id"])
        if tag == "a" and (a.get("href") or "").startswith("#"):
            self.hrefs.append(a["href"][1:])
        if tag == "div" and "card" in (a.get("class") or "").split():
            self.cards.append(set())
        if self.cards and a.get("class"):
            self.cards[-1].add(f"{tag}.{a['class'].split()[0]}")
        if tag == "h2":
            self.in_h2, self.text = True, ""

    def handle_endtag(self, tag):
        if tag == "h2" and self.in_h2:
            self.in_h2 = False
            self.h2.append(self.text.strip())

    def handle_data(self, data):
        if self.in_h2:
            self.text += data


def check_lawyer(path):
    """The sections of a scenario report for a lawyer: a conclusion, exposure
    by claimant, per clause card the clause's words, its conclusion and each
    reading's reasoning, the facts' sources, a bibliography every citation
    link resolves into, with passages."""
    p = Sections()
    p.feed(open(path, encoding="utf-8", errors="replace").read())
    name = os.path.basename(path)
    for h in ("Conclusion", "Clauses", "Readings", "Facts and their sources", "Sources"):
        if h not in p.h2:
            fail(f"{name}: no <h2>{h}</h2> (found {p.h2})")
    for c in ("blockquote.clause-text", "p.conclusion", "dl.reasoning", "ol.bib", "span.passage", "span.claimant"):
        if not p.classes.get(c):
            fail(f"{name}: no {c}")
    bare = [i for i, card in enumerate(p.cards, 1) if not {"blockquote.clause-text", "p.conclusion"} <= card]
    if not p.cards or bare:
        fail(f"{name}: reading cards without the clause's words or conclusion: {bare or 'no cards'}")
    src = [h for h in p.hrefs if h.startswith("src-")]
    missing = sorted(set(src) - p.ids)
    if not src or missing:
        fail(f"{name}: citation links without a bibliography entry: {missing or 'no citation links'}")
    print(f"{name}: conclusion, {len(p.cards)} clause cards with words and conclusion, "
          f"{p.classes['span.passage']} quoted passages, {len(set(src))} sources cited and listed"
          + (f", {p.classes['ul.exceptions']} exceptions-considered lists" if p.classes.get("ul.exceptions") else ""))


if __name__ == "__main__":
    if len(sys.argv) != 3:
        fail(__doc__)
    cmd, arg = sys.argv[1], sys.argv[2]
    {"png": check_png, "dom": check_dom, "selfcontained": check_selfcontained, "notags": check_notags,
     "console": check_console, "pdf": check_pdf, "trim": trim_png,
     "wellformed": check_wellformed, "lawyer": check_lawyer}.get(cmd, lambda _: fail(__doc__))(arg)
