#!/usr/bin/env python3
"""Turns the plans in sources/seeds/ into the Markdown bodies of content/ke-hoach/*.md.

Mechanical, so the conversion can be checked and re-run: lines of a paragraph are joined, PDF
page-break artefacts rejoined, inlined footnotes moved to real footnotes at their reference,
and the document's own numbering (Phần / I. / 1. / a)) becomes headings. Words are never changed:
tests/plan_fidelity.rs checks every sentence of every seed against the built pages.

    python3 scripts/convert_seeds.py        # rewrites the bodies, keeps each page's front matter
"""
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SEEDS = os.path.join(ROOT, "sources", "seeds")
PAGES = os.path.join(ROOT, "content", "ke-hoach")

# seed file -> (page file, footnote references: (text with the glued marker, text without it))
PLANS = {
    "000_85cd45b37e99c3e6.txt": ("binh-thuan-2023.md", [("dịch vụ công tác xã hội1 và", "dịch vụ công tác xã hội[^1] và")]),
    "001_3e794d220b4caca0.txt": ("dong-thap-2021-2030.md", [
        ("cơ sở bảo trợ xã hội1.", "cơ sở bảo trợ xã hội[^1]."),
        ("về nghề công tác xã hội 2.", "về nghề công tác xã hội[^2]."),
        ("các cấp trong tỉnh3.", "các cấp trong tỉnh[^3]."),
        ("567 triệu đồng4.", "567 triệu đồng[^4]."),
        ("tại các cơ sở y tế.5", "tại các cơ sở y tế.[^5]"),
        ("(đạt 100%6)", "(đạt 100%[^6])"),
        ("Phát triển cộng đồng7)", "Phát triển cộng đồng[^7])"),
        ("công tác xã hội của tỉnh8)", "công tác xã hội của tỉnh[^8])"),
        ("(đạt 100%9)", "(đạt 100%[^9])"),
    ]),
    "002_504fae44cc88ca02.txt": ("ha-nam-den-2020.md", []),
    "003_a91afee512f71d76.txt": ("thua-thien-hue-2023.md", []),
    "004_38dea337a5e22435.txt": ("hai-duong-2025.md", []),
}

TERMINAL = tuple(".:;!?")
ROMAN = re.compile(r"^(?:[IVX]+)\s*\.\s*\S")
ARABIC = re.compile(r"^\d{1,2}\s*\.\s+\S")
LETTER = re.compile(r"^[a-zđ]\)\s+\S")


def has_lower(s):
    return any(c.islower() for c in s)


def extract_footnotes(lines):
    """Removes inlined footnote blocks (a long all-space separator line, then lines that start
    with the footnote number); returns (lines, {number: text})."""
    notes, out, i = {}, [], 0
    while i < len(lines):
        line = lines[i]
        if len(line) >= 20 and not line.strip():
            i += 1
            current = None
            while i < len(lines):
                l = lines[i]
                if l.startswith(" ") and l.strip() and current is not None:
                    break  # the page's text goes on
                m = re.match(r"^(\d)\s?(?=\S)(.*)$", l)
                if m and (current is None or int(m.group(1)) == current + 1):
                    current = int(m.group(1))
                    notes[current] = m.group(2).strip()
                elif l.strip() and current is not None:
                    notes[current] += " " + l.strip()
                i += 1
            if i < len(lines):
                lines[i] = lines[i][1:]  # the continuation's leading space
            continue
        out.append(line)
        i += 1
    return out, notes


def paragraphs(lines, blank_is_break):
    """Groups lines into paragraphs. A blank line ends one (where the seed uses blank lines that
    way); otherwise a paragraph ends where a line ends a sentence and the next starts a new one,
    where a heading line ends, or where a line opens a new page (leading space) with a capital."""
    paras, cur = [], []

    def flush():
        if cur:
            paras.append(" ".join(cur))
            cur.clear()

    for raw in lines:
        line = raw.rstrip()
        if not line.strip():
            if blank_is_break:
                flush()
            continue
        text = line.strip()
        if cur:
            joined = " ".join(cur)
            prev = cur[-1]
            starts_block = text.startswith(("- ", "+ ")) or ROMAN.match(text) or ARABIC.match(text) or LETTER.match(text) or text.startswith("Phần ")
            if is_heading_text(joined):
                # "Phần I" / "I. TITLE" go on over all-capital lines only.
                if has_lower(text) or starts_block:
                    flush()
            elif (ARABIC.match(cur[0]) or LETTER.match(cur[0])) and len(joined) < 300 and text.startswith(("- ", "+ ")) and not ended(prev, (",",)):
                flush()  # a numbered heading followed by its list
            elif len(cur) == 1 and (ARABIC.match(prev) or LETTER.match(prev)) and len(prev) < 56 and not ended(prev, (",",)) and (text[:1].isupper() or starts_block):
                flush()  # a short numbered heading line
            elif ended(prev) and (text[:1].isupper() or text[:1].isdigit() or starts_block):
                flush()
        cur.append(text)
    flush()
    return paras


def ended(line, extra=()):
    """Whether a line ends a sentence; a footnote number glued after the stop ("tế.5") counts."""
    return line.rstrip("0123456789").rstrip().endswith(TERMINAL + tuple(extra))


def is_heading_text(p):
    p = p.strip()
    if p.startswith("Phần "):
        return True
    if ROMAN.match(p) and not has_lower(p):
        return True
    return False


def heading_level(p):
    if re.match(r"^Phần\s+[IVX]+", p):
        return 2
    if ROMAN.match(p) and len(p) < 160 and not p.endswith((".", ";")):
        return 3
    if ARABIC.match(p) and len(p) < 110 and not p.rstrip().endswith((".", ";", ",")):
        return 4
    if LETTER.match(p) and len(p) < 90 and not p.rstrip().endswith((".", ";", ",")):
        return 5
    return 0


def escape(p):
    p = re.sub(r"([\\`*_\[\]<>])", r"\\\1", p)
    p = re.sub(r"^(\d+)\.(\s)", r"\1\\.\2", p)  # "1. Tiếp tục…" is a paragraph, not an ordered list
    p = re.sub(r"^([+*])\s", r"- ", p) if p.startswith("* ") else p
    return p


# The signer's block under the "Nơi nhận" list: "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH".
ROLE = re.compile(r"\s+(?=(?:TM\.|KT\.|PHÓ CHỦ TỊCH))")
SIGNATURE_START = re.compile(r"\s(?=(?:TM\.|KT\.)\s?[A-ZĐỦ])")


def split_signature(paras):
    """Returns (paragraphs, signature lines). The signature follows the last list item (of
    "Nơi nhận"); a PDF extraction may have glued it to that item, so it is cut off there."""
    last_item = max((i for i, p in enumerate(paras) if p.startswith(("- ", "+ "))), default=None)
    if last_item is None:
        return paras, []
    head, tail = paras[: last_item + 1], paras[last_item + 1:]
    m = SIGNATURE_START.search(head[-1])
    if m:
        head[-1], glued = head[-1][: m.start()], head[-1][m.end():]
        tail = [glued] + tail
    if not tail or not re.match(r"^(TM\.|KT\.)", tail[0]):
        return paras, []
    lines = []
    for p in tail:
        lines.extend(ROLE.split(p) if re.match(r"^(TM\.|KT\.)", p) else [p])
    # "PHÓ CHỦ TỊCH Đoàn Tấn Bửu": a name (in lower case letters) glued after the last role.
    m = re.match(r"^(.*CHỦ TỊCH)\s+(\S.*)$", lines[-1])
    if m and has_lower(m.group(2)):
        lines[-1:] = [m.group(1), m.group(2)]
    return head, lines


def render_signature(lines):
    """A block of its own (class "signature"), one role per line, the name last."""
    if not lines:
        return ""
    *roles, name = lines
    roles_md = "  \n".join(escape(r) for r in roles)
    return f'\n\n<div class="signature">\n\n{roles_md}\n\n{escape(name)}\n\n</div>'


def render(paras, refs, notes):
    paras, signature = split_signature(paras)
    out = []
    for p in paras:
        level = heading_level(p)
        body = escape(p) if not p.startswith("- ") and not p.startswith("+ ") else p[:2] + escape(p[2:])
        for glued, marked in refs:
            if glued in p:
                body = body.replace(escape(glued), marked) if escape(glued) in body else body.replace(glued, marked)
        if level:
            out.append("#" * level + " " + body)
        else:
            out.append(body)
    text = "\n\n".join(out) + render_signature(signature) + "\n"
    if notes:
        # A note that starts with "- " is text, not a list.
        note = lambda t: re.sub(r"^- ", lambda m: "\\- ", escape(t))
        text += "\n## Chú thích\n\n" + "\n".join(f"[^{n}]: {note(t)}" for n, t in sorted(notes.items())) + "\n"
    return text


def markdown_seed(src):
    """002 and 004 are Markdown already: drop their heading marks and bold so one rule sets the
    levels, and undo the hard line breaks of their title blocks."""
    lines = []
    for line in src.splitlines():
        s = line.rstrip()
        s = re.sub(r"^#{1,6}\s*", "", s)
        s = s.replace("**", "")
        lines.append(s.rstrip("\\").rstrip())
    return lines


def convert(seed, page, refs):
    src = open(os.path.join(SEEDS, seed), encoding="utf-8").read().replace("\r\n", "\n")
    if seed.startswith(("002", "004")):
        lines = markdown_seed(src)
        notes = {}
        paras = paragraphs(lines, blank_is_break=True)
        # A paragraph cut by a page break: no final punctuation and the next starts in lower case.
        merged = []
        for p in paras:
            if merged and not merged[-1].endswith(TERMINAL) and p[:1].islower() and not heading_level(merged[-1]):
                merged[-1] += " " + p
            else:
                merged.append(p)
        paras = merged
    else:
        lines = src.split("\n")
        if seed.startswith("001"):
            lines = [l for l in lines if l.strip() or len(l) >= 20]  # a blank line after every line
        lines, notes = extract_footnotes(lines)
        paras = paragraphs(lines, blank_is_break=not seed.startswith(("001", "003")))
    body = render(paras, refs, notes)
    path = os.path.join(PAGES, page)
    old = open(path, encoding="utf-8").read()
    front = old.split("+++", 2)
    open(path, "w", encoding="utf-8").write("+++" + front[1] + "+++\n\n" + body)
    return len(paras), len(notes)


if __name__ == "__main__":
    for seed, (page, refs) in PLANS.items():
        n, f = convert(seed, page, refs)
        print(f"{page}: {n} blocks, {f} footnotes", file=sys.stderr)
