#!/usr/bin/env python3
"""Builds a ~50 MB EPUB and a ~50 MB Word file from the shared novel, for the first-screen
benchmark of converted formats (BENCHMARKS.md, "Large Word and EPUB files").

    python3 bench/make_books.py [OUTDIR]      # default ${TMPDIR:-/tmp}/gangmu-books

EPUB: chapters of 400 paragraphs, each its own spine document with an <h1>, a nav entry each,
until the archive passes 50 MiB. Word: Heading-1 sections of 400 paragraphs in one
word/document.xml (about 127 MiB of XML) until the archive passes 50 MiB.
"""
import html
import os
import sys
import zipfile
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.environ.get("CORPUS", os.path.join(HERE, "..", "..", "shared", "corpus"))
OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.environ.get("TMPDIR", "/tmp"), "gangmu-books")
TARGET = 50 << 20

novel = open(os.path.join(CORPUS, "shuihuzhuan.txt"), encoding="utf-8").read().replace("\r", "")
paras = [p.strip() for p in novel.split("\n") if p.strip()]


def paragraphs(i, n, wrap):
    return "".join(wrap % html.escape(paras[(i + k) % len(paras)]) for k in range(n))


def epub(path):
    z = zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED)
    z.writestr(zipfile.ZipInfo("mimetype"), "application/epub+zip", compress_type=zipfile.ZIP_STORED)
    z.writestr("META-INF/container.xml", '<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles></container>')
    n, size = 0, 0
    while size < TARGET:
        n += 1
        body = paragraphs(400 * n, 400, "<p>%s</p>\n")
        z.writestr(f"OEBPS/c{n}.xhtml", f'<?xml version="1.0" encoding="utf-8"?><html xmlns="http://www.w3.org/1999/xhtml"><head><title>c</title></head><body><h1 id="c{n}">第{n}回　回目</h1>\n{body}</body></html>')
        size = sum(i.compress_size for i in z.infolist())
    ids = range(1, n + 1)
    manifest = "".join(f'<item id="c{k}" href="c{k}.xhtml" media-type="application/xhtml+xml"/>' for k in ids)
    spine = "".join(f'<itemref idref="c{k}"/>' for k in ids)
    nav = "".join(f'<li><a href="c{k}.xhtml#c{k}">第{k}回</a></li>' for k in ids)
    z.writestr("OEBPS/nav.xhtml", f'<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops"><body><nav epub:type="toc"><ol>{nav}</ol></nav></body></html>')
    z.writestr("OEBPS/content.opf", f'<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf" version="3.0"><metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>大书</dc:title></metadata><manifest><item id="nav" href="nav.xhtml" properties="nav" media-type="application/xhtml+xml"/>{manifest}</manifest><spine>{spine}</spine></package>')
    z.close()
    return n


def docx(path):
    W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    parts, n, packed = [], 0, 0
    comp = zlib.compressobj(6, zlib.DEFLATED, -15)
    while packed < TARGET:
        n += 1
        part = f'<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>第{n}章　标题</w:t></w:r></w:p>'
        part += paragraphs(400 * n, 400, "<w:p><w:r><w:t>%s</w:t></w:r></w:p>")
        parts.append(part)
        packed += len(comp.compress(part.encode()))
    z = zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED)
    z.writestr("word/document.xml", f'<?xml version="1.0" encoding="UTF-8"?><w:document {W}><w:body>' + "".join(parts) + "</w:body></w:document>")
    z.writestr("word/styles.xml", f'<?xml version="1.0"?><w:styles {W}><w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/></w:style></w:styles>')
    z.close()
    return n


os.makedirs(OUT, exist_ok=True)
for name, make in (("book.epub", epub), ("book.docx", docx)):
    path = os.path.join(OUT, name)
    if not os.path.exists(path):
        count = make(path)
        print(f"{path}: {count} parts, {os.path.getsize(path) >> 20} MiB")
    else:
        print(f"{path}: exists")
