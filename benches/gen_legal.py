#!/usr/bin/env python3
"""A large real-text site (~20 MB of Markdown) for the search benchmarks: long plan documents
assembled deterministically from the sentences of the real provincial plans in sources/seeds.

Why assembled and not fetched: the bench machine reaches package registries only, so a public
corpus of legal texts cannot be downloaded at bench time; the seeds are real administrative Vietnamese
(legal citations, numbers, dates, long compound terms), which is what the index stage and queries
must cope with on a real portal. Seed 003 is left out: its OCR lost the diacritics.

Each document is a shuffle of whole seed sentences (about 3 in 4) and of sentences joined from
clauses of two different seed sentences (1 in 4), under headings taken from the seeds, so no two
documents are alike while the words, their frequencies and the sentence shapes stay real. Nothing
in the output is a fact: the title says it is benchmark data.

Output: a nhipcau site (benches/site's templates and config, search index on), one section
`van-ban` with --docs pages of about --kb KB each.
  python3 benches/gen_legal.py --out /tmp/legal            # 160 × 128 KB ≈ 20 MB
Deterministic: the same arguments always give byte-identical files.
"""
import argparse
import os
import random
import re
import shutil

HERE = os.path.dirname(os.path.abspath(__file__))
SEEDS = ["000_85cd45b37e99c3e6.txt", "001_3e794d220b4caca0.txt", "002_504fae44cc88ca02.txt", "004_38dea337a5e22435.txt"]


def read_seeds():
    sentences, headings = [], []
    for name in SEEDS:
        text = open(os.path.join(HERE, "..", "sources", "seeds", name), encoding="utf-8").read()
        text = text.replace("**", "").replace("\u00a0", " ")
        for line in text.splitlines():
            line = line.strip().lstrip("#").strip()
            # Numbered headings of the plans: "I. MỤC TIÊU", "2. Nhiệm vụ cụ thể" (short lines).
            if re.match(r"^([IVX]+|\d+(\.\d+)*)\.\s+\S", line) and len(line) < 90 and not line.endswith((",", ";")):
                headings.append(re.sub(r"^([IVX]+|\d+(\.\d+)*)\.\s+", "", line).rstrip(":").strip())
        # The PDF extractions break lines (and pages) inside sentences: one stream, then sentences.
        flat = re.sub(r"\s+", " ", text)
        for s in re.split(r"(?<=[.;!?])\s+", flat):
            s = s.strip(" -+*")
            if 30 <= len(s) <= 900 and not s.startswith("|"):
                sentences.append(s)
    headings = sorted(set(h[0].upper() + h[1:].lower() for h in headings if len(h) > 6))
    return sentences, headings


def clauses(sentence):
    parts = [p.strip() for p in re.split(r",\s+", sentence.rstrip(".;")) if len(p.strip()) > 15]
    return parts


def document(rng, i, sentences, headings, target):
    out, size = [], 0
    while size < target:
        h = rng.choice(headings)
        block = [f"## {h}\n"]
        for _ in range(rng.randint(3, 8)):
            para = []
            for _ in range(rng.randint(2, 6)):
                if rng.random() < 0.25:
                    a, b = clauses(rng.choice(sentences)), clauses(rng.choice(sentences))
                    if a and b:
                        c = rng.choice(b)
                        para.append(f"{rng.choice(a)}, {c[0].lower()}{c[1:]}.")
                        continue
                para.append(rng.choice(sentences))
            block.append(" ".join(para) + "\n")
        text = "\n".join(block) + "\n"
        out.append(text)
        size += len(text.encode("utf-8"))
    return "".join(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", "-o", required=True)
    ap.add_argument("--docs", type=int, default=160)
    ap.add_argument("--kb", type=int, default=128, help="approximate size of each document's body")
    ap.add_argument("--seed", type=int, default=7)
    a = ap.parse_args()
    sentences, headings = read_seeds()
    if os.path.exists(a.out):
        shutil.rmtree(a.out)
    shutil.copytree(os.path.join(HERE, "site", "templates"), os.path.join(a.out, "templates"))
    config = open(os.path.join(HERE, "site", "config.toml"), encoding="utf-8").read()
    with open(os.path.join(a.out, "config.toml"), "w", encoding="utf-8") as f:
        f.write(config.replace("build_search_index = false", "build_search_index = true"))
    os.makedirs(os.path.join(a.out, "content", "van-ban"))
    with open(os.path.join(a.out, "content", "_index.md"), "w", encoding="utf-8") as f:
        f.write('+++\ntitle = "Trang chủ"\n+++\n')
    with open(os.path.join(a.out, "content", "van-ban", "_index.md"), "w", encoding="utf-8") as f:
        f.write('+++\ntitle = "Văn bản"\nsort_by = "weight"\npaginate_by = 50\n+++\n')
    total = 0
    for i in range(a.docs):
        rng = random.Random(a.seed * 1_000_003 + i)
        body = document(rng, i, sentences, headings, a.kb * 1024)
        md = f'+++\ntitle = "Văn bản đo hiệu năng {i + 1:03d}: {rng.choice(headings)}"\nweight = {i + 1}\n+++\n\n{body}'
        path = os.path.join(a.out, "content", "van-ban", f"van-ban-{i + 1:03d}.md")
        with open(path, "w", encoding="utf-8") as f:
            f.write(md)
        total += len(md.encode("utf-8"))
    print(f"wrote {a.docs} documents, {total / 1e6:.1f} MB of Markdown from {len(sentences)} seed sentences "
          f"and {len(headings)} headings, to {a.out}")


if __name__ == "__main__":
    main()
