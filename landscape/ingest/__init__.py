"""Bring news in the way analysts get it: URLs, saved web pages, PDFs, text files and RSS/Atom feeds.

Each source becomes one `seeds/*.md` document whose front matter records where it came from and how
its metadata was found. This package sits beside the build's stages and feeds them only through
seeds/: it never touches the database, and it never extracts facts (the build does).

    model.py            Article, Refused and the limits every reader shares
    addresses.py        which hosts a URL may reach (no loopback, private or link-local addresses)
    fetching.py         one safe download: http(s) only, every redirect hop checked, timeout, size cap
    web_pages.py        HTML -> main text and metadata (trafilatura; htmldate for the date)
    pdf_files.py        PDF -> text and metadata (pypdf)
    text_files.py       .txt/.md -> text and metadata
    feeds.py            RSS/Atom -> items (feedparser), and the CSV of items already seen
    known_documents.py  what seeds/ already holds: same URL, same text, near-identical text
    seed_files.py       Article -> seeds/<name>.md with front matter
    adding.py           one source at a time: read, compare with what is known, write; one outcome each
    rebuild.py          the build after adding, in a child process for the app; candidates waiting
    command.py          `python -m landscape add`
"""
