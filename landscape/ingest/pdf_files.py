"""Turn a PDF (bytes) into an Article with pypdf: the text of every page, and the title, author and
creation date its metadata records.

A PDF with no text layer (a scan) is refused rather than stored empty: this module does no OCR. The
creation date is only an estimate of when a report was published, and is marked so.
"""

from __future__ import annotations

import io
import logging

from pypdf import PdfReader

from landscape.ingest.model import Article, Refused, first_line_title, require_article_length, single_line

BASIS_CREATED = "the PDF's creation date in its metadata (it states no publication date)"
_log = logging.getLogger(__name__)


def read_pdf(body: bytes, url: str = "", name: str = "", publisher: str = "") -> Article:
    """The text and metadata of a PDF fetched from url (or a file, with its name). Raises Refused."""
    # pypdf raises many kinds of error on a damaged file (its own, ValueError, KeyError, ...); whichever
    # it is, the reason is that the file cannot be read as a PDF.
    try:
        reader = PdfReader(io.BytesIO(body))
        if reader.is_encrypted and not reader.decrypt(""):
            raise Refused("the PDF is encrypted with a password")
        pages = [page.extract_text() or "" for page in reader.pages]
        metadata = reader.metadata
    except Refused:
        raise
    except Exception as err:
        _log.info("unreadable PDF %s", name or url, exc_info=err)
        raise Refused(f"not a readable PDF ({type(err).__name__}: {str(err).splitlines()[0][:160] if str(err) else ''})"
                      ) from None
    text = "\n\n".join(page.strip() for page in pages if page.strip())
    if not text:
        raise Refused(f"the PDF's {len(pages)} page(s) hold no text (a scanned image?); run it through OCR first")
    require_article_length(text)
    created = metadata.creation_date if metadata is not None else None
    title = single_line(metadata.title if metadata is not None else "")
    return Article(
        text=text, title=title or first_line_title(text) or name or "Untitled PDF",
        publisher=single_line(metadata.author if metadata is not None else "") or publisher, url=url,
        published=created.date() if created else None, published_is_estimate=bool(created),
        published_basis=BASIS_CREATED if created else "", kind="PDF")
