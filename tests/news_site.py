"""A FICTIONAL news site for the ingestion tests, served from 127.0.0.1.

Every story here was written for these tests: the outlets, reporters and figures are invented, and
each story says so in its last paragraph. The pages around them imitate how real news sites are
built (navigation, cookie banners, ads between paragraphs, related-article lists, newsletter boxes,
reader comments, JSON-LD and OpenGraph metadata), so that the tests can check what the ingestion
keeps and what it drops. Nothing here is copied from a real article.
"""

from __future__ import annotations

import contextlib
import html
import io
import json
import threading
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote

FICTIONAL = "This article is fictional test text written for the landscape project's ingestion tests; it is not real news."


@dataclass(frozen=True)
class Story:
    slug: str
    headline: str
    published: date
    author: str
    paragraphs: tuple[str, ...]

    @property
    def text(self) -> str:
        return "\n".join((self.headline, *self.paragraphs))


STORIES = {story.slug: story for story in (
    Story("doubao-users", "Doubao passes 75 million monthly users as ByteDance widens its chatbot lead",
          date(2025, 3, 4), "Lin Qiao", (
              "Doubao, the chatbot made by ByteDance, had 75 million monthly active users in February, according "
              "to figures the company shared with analysts on Tuesday, widening its lead over domestic rivals.",
              "The count is up from about 60 million at the end of last year. Usage grew fastest among students "
              "and office workers, who use the assistant to draft documents and summarise long reports, a person "
              "who attended the briefing said.",
              "ByteDance has cut the prices of its models sharply since last spring, a move that pushed "
              "competitors to follow and turned the market into a contest over distribution as much as over the "
              "quality of the models themselves.",
              "Analysts cautioned that monthly user counts are not audited and that companies define an active "
              "user differently, which makes like-for-like comparisons between the assistants hard.",
              FICTIONAL)),
    Story("moonshot-round", "Moonshot AI raises $600 million at a $4.1 billion valuation", date(2025, 4, 2),
          "Ruth Adeyemi", (
              "Moonshot AI, the start-up behind the Kimi chatbot, raised $600 million in a funding round that "
              "values the company at $4.1 billion, two people familiar with the matter said on Wednesday.",
              "The round was led by existing investors, one of the people said, and brings in two new strategic "
              "backers from the consumer electronics industry whose names were not disclosed.",
              "Kimi gained attention for handling very long documents in a single prompt, though it has since "
              "faced stiffer competition from cheaper assistants built by much larger technology groups.",
              "The company plans to spend much of the new money on computing power and on hiring researchers, "
              "the people said. Moonshot AI declined to comment on the financing.",
              FICTIONAL)),
    Story("tencent-chips", "Tencent bought 18,000 H20 chips in the fourth quarter, analyst says", date(2025, 4, 18),
          "Marta Vidal", (
              "Tencent bought 18,000 H20 chips in the fourth quarter, a supply-chain analyst estimated in a note "
              "to clients, as Chinese cloud groups raced to secure Nvidia processors before tighter export rules.",
              "The H20 is a cut-down processor that Nvidia designed to comply with American export controls. "
              "Demand for it rose sharply after cheaper Chinese models showed that strong results were possible "
              "with far less computing power than once thought.",
              "Tencent has said it will raise capital spending this year, much of it on data centres for its "
              "Hunyuan models and the Yuanbao assistant that it has promoted heavily inside WeChat.",
              "The analyst said orders from other large buyers were also rising, though delivery schedules "
              "remained uncertain and prices had moved several times since the start of the year.",
              FICTIONAL)),
    Story("wenxiaoyan-users", "Baidu says Wenxiaoyan reached 30 million monthly users in April", date(2025, 5, 9),
          "Chen Mei", (
              "Baidu said on Friday that Wenxiaoyan, its consumer chatbot, reached 30 million monthly active users "
              "in April, as the search company tries to turn its early start in large language models into a "
              "lasting audience.",
              "The assistant was relaunched earlier this year with a new name and a focus on search, writing and "
              "image generation, replacing the app that Baidu first introduced in 2023.",
              "Executives told investors that advertising built around the assistant was still small but "
              "growing, and that the company would keep the basic service free for the foreseeable future.",
              "Competition remains intense: the largest internet groups have all promoted their own assistants "
              "heavily, and several start-ups offer similar services at little or no cost.",
              FICTIONAL)),
    Story("chatbot-rankings", "Which Chinese chatbots gained most users in the second quarter", date(2025, 7, 14),
          "Ines Okafor", (
              "Yuanbao added more users than any other Chinese assistant in the second quarter, according to a "
              "ranking compiled by a consumer research firm, helped by its placement inside a popular messaging app.",
              "Yuanbao had 41 million monthly active users in June, the firm estimated, while Kimi had 21 million. "
              "The firm counts a user as active if the app is opened at least once in the month.",
              "The table below lists the firm's estimates for the largest assistants. The firm revises earlier "
              "months when app stores correct their download data, so figures can change after publication.",
              FICTIONAL)),
    Story("export-live", "Live: new chip export rules, reaction from buyers and suppliers", date(2025, 8, 21),
          "Live desk", (
              "09:05 Officials published the text of the new export rules this morning. The rules cover several "
              "processors that are sold to Chinese buyers today and take effect in thirty days.",
              "09:40 A spokesperson for Nvidia said the company was reviewing the rules and would comply with "
              "them. Shares in chip suppliers fell in early trading across Asia.",
              "10:15 Two cloud executives told our reporters that orders placed before the deadline would be "
              "honoured, but that they expected delays to deliveries later in the year.",
              "11:30 Analysts said the largest buyers had stockpiled processors for months in anticipation, "
              "which would soften the immediate effect on their data-centre plans.",
              FICTIONAL)),
)}

REPORT = Story(
    "tracker-report", "Quarterly chatbot tracker: second quarter (fictional test report)", date(2025, 7, 30),
    "Tracker research desk", (
        "Yuanbao had 41 million monthly active users in June, our panel estimates, up from 24 million in March.",
        "Doubao remained the largest assistant by monthly users in the quarter, though its growth slowed as the "
        "market matured and advertising budgets shifted towards the fastest-growing rivals.",
        "Methodology: the panel records the apps opened on the phones of a representative sample of users. "
        "Estimates for smaller apps carry wider margins of error than those for the largest assistants.",
        "This report is fictional test text written for the landscape project's ingestion tests; its figures "
        "are invented."))


# ---- chrome: what every page of these fictional outlets carries around the story ----------------------

@dataclass(frozen=True)
class Outlet:
    name: str
    domain: str
    nav: tuple[str, ...]
    cookie_banner: str
    advert: str
    newsletter: str
    related: tuple[str, ...]
    footer: str

    def chrome(self) -> tuple[str, ...]:
        """Phrases that belong to the page, not the story: none may be stored."""
        return (self.cookie_banner, self.advert, self.newsletter, *self.related, self.footer)


LEDGER = Outlet(
    "The Meridian Ledger (fictional)", "meridian-ledger.example",
    ("Home", "World", "Business", "Technology", "Markets", "Opinion", "Subscribe"),
    "We use cookies and similar technologies to personalise content and adverts and to analyse our traffic.",
    "Upgrade your cloud today with FastCloud Pro, thirty percent off for new customers this month only.",
    "Sign up for the Morning Ledger newsletter and get the day's business news in your inbox before breakfast.",
    ("Robot vacuum makers brace for a price war", "Why shipping rates doubled in a single week",
     "Inside the race to build cheaper batteries", "Five charts that explain the property slowdown"),
    "Copyright 2025 Meridian Ledger Media, a fictional company. All rights reserved. Privacy policy. Terms of use.")
HARBOUR = Outlet(
    "Harbour Wire Daily (fictional)", "harbourwire.example",
    ("News", "Tech", "Money", "Sport", "Podcasts", "Log in"),
    "This site stores cookies on your device. Choose Accept all to agree, or Manage settings to pick which ones.",
    "Sponsored: the travel card that pays you back on every foreign purchase, with no annual fee at all.",
    "Get Harbour Wire's Tech Brief every Thursday: the week's technology stories in five minutes of reading.",
    ("Port strike enters its third day", "Local bakery wins national award for sourdough",
     "The best budget phones of the year, tested", "City council approves new cycle lanes"),
    "Harbour Wire Daily is a fictional outlet made for software tests. Contact us. Advertise. Careers.")


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def _head(title: str, extra: str = "") -> str:
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{_esc(title)}</title>\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f'<meta name="description" content="Fictional test page for the landscape project.">\n'
            f'<link rel="stylesheet" href="/static/site.css">{extra}\n'
            f'<script>window.dataLayer = window.dataLayer || []; function track(){{dataLayer.push(arguments)}}</script>'
            f'</head>\n')


def _header(outlet: Outlet) -> str:
    links = "".join(f'<li><a href="/{item.lower()}">{_esc(item)}</a></li>' for item in outlet.nav)
    return (f'<body><div id="cookie-consent" class="consent-banner" role="dialog"><p>{_esc(outlet.cookie_banner)}</p>'
            f'<button>Accept all</button><button>Manage settings</button></div>\n'
            f'<header class="site-header"><a class="logo" href="/">{_esc(outlet.name)}</a>'
            f'<nav class="main-nav"><ul>{links}</ul></nav><form class="search"><input name="q" '
            f'placeholder="Search"></form></header>\n'
            f'<div class="ad-slot ad-leaderboard"><span class="ad-label">Advertisement</span>'
            f'<p>{_esc(outlet.advert)}</p></div>\n')


def _related(outlet: Outlet, heading: str = "More from Business") -> str:
    items = "".join(f'<li><a href="/story/{n}">{_esc(title)}</a></li>' for n, title in enumerate(outlet.related))
    return f'<section class="related"><h2>{heading}</h2><ul>{items}</ul></section>\n'


def _footer(outlet: Outlet) -> str:
    return (f'<aside class="newsletter"><h3>Newsletter</h3><p>{_esc(outlet.newsletter)}</p>'
            f'<input type="email" placeholder="Email address"><button>Sign up</button></aside>\n'
            f'<footer class="site-footer"><p>{_esc(outlet.footer)}</p></footer>\n'
            f'<script src="/static/analytics.js" async></script></body></html>\n')


def _paragraphs(story: Story, advert_after: int | None = None, outlet: Outlet | None = None) -> str:
    parts = []
    for n, paragraph in enumerate(story.paragraphs):
        parts.append(f"<p>{_esc(paragraph)}</p>")
        if advert_after is not None and n == advert_after and outlet is not None:
            parts.append(f'<div class="ad-slot ad-inline"><span class="ad-label">Advertisement</span>'
                         f'<p>{_esc(outlet.advert)}</p></div>')
    return "\n".join(parts)


def _json_ld(story: Story, outlet: Outlet, url: str, headline: str | None = None, published: date | None = None,
             body: bool = False) -> str:
    data = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": headline or story.headline,
            "datePublished": f"{(published or story.published).isoformat()}T07:30:00+08:00",
            "author": {"@type": "Person", "name": story.author}, "mainEntityOfPage": url,
            "publisher": {"@type": "Organization", "name": outlet.name}}
    if body:
        data["articleBody"] = "\n\n".join(story.paragraphs)
    return f'\n<script type="application/ld+json">{json.dumps(data)}</script>'


# ---- layouts -------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Page:
    """One page of the site: where it is served, what it holds and what the ingestion should find."""

    path: str
    layout: str
    html: str
    story: Story | None = None
    outlet: Outlet | None = None
    title: str = ""
    publisher: str = ""
    url: str = ""  # the canonical address the page names (or "" when it names none)
    published: date | None = None
    extra_chrome: tuple[str, ...] = field(default=())
    more_text: tuple[str, ...] = field(default=())  # article text beyond the story's paragraphs (a table)

    @property
    def article_text(self) -> str:
        """The article's text below its headline (which is its title): the story and any table."""
        return "\n".join((*(self.story.paragraphs if self.story else ()), *self.more_text))

    @property
    def chrome(self) -> tuple[str, ...]:
        return (*(self.outlet.chrome() if self.outlet else ()), *self.extra_chrome)


def _json_ld_page(path: str) -> Page:
    story, outlet = STORIES["doubao-users"], LEDGER
    url = f"https://{outlet.domain}/technology/doubao-75-million-monthly-users"
    html_text = (_head(f"{story.headline} | {outlet.name}", f'\n<link rel="canonical" href="{url}">'
                       + _json_ld(story, outlet, url)) + _header(outlet)
                 + f'<main><article class="story"><h1>{_esc(story.headline)}</h1>'
                 f'<div class="byline">By {_esc(story.author)}, technology correspondent</div>\n'
                 + _paragraphs(story, advert_after=1, outlet=outlet)
                 + '\n<div class="share"><a href="#">Share on social media</a><a href="#">Copy link</a></div>'
                 '</article>\n' + _related(outlet) + '</main>\n' + _footer(outlet))
    return Page(path, "JSON-LD NewsArticle", html_text, story, outlet, story.headline, outlet.name, url,
                story.published)


def _opengraph_page(path: str) -> Page:
    story, outlet = STORIES["moonshot-round"], HARBOUR
    url = f"https://{outlet.domain}/money/moonshot-ai-raises-600-million"
    most_read = ("Most read: Port strike enters its third day",)
    meta = (f'\n<meta property="og:type" content="article"><meta property="og:title" content="{_esc(story.headline)}">'
            f'<meta property="og:site_name" content="{_esc(outlet.name)}"><meta property="og:url" content="{url}">'
            f'<meta property="article:published_time" content="2025-04-02T06:30:00+08:00">'
            f'<meta name="twitter:card" content="summary_large_image">')
    paragraphs = list(story.paragraphs)
    body = "\n".join(
        [f"<p>{_esc(paragraphs[0])}</p>", '<p class="read-more"><strong>Read more:</strong> <a href="/tech/1">'
         'Chatbot makers cut prices again</a></p>', f"<p>{_esc(paragraphs[1])}</p>",
         f'<div class="ad-slot"><span>ADVERTISEMENT</span><p>{_esc(outlet.advert)}</p></div>',
         *(f"<p>{_esc(p)}</p>" for p in paragraphs[2:])])
    html_text = (_head(f"{story.headline} - {outlet.name}", meta) + _header(outlet)
                 + f'<div class="layout"><div class="story-body"><h1 class="headline">{_esc(story.headline)}</h1>'
                 f'<p class="author">By {_esc(story.author)}</p>\n{body}\n</div>\n'
                 f'<aside class="sidebar"><h3>{_esc(most_read[0])}</h3>' + _related(outlet, "Trending now")
                 + '</aside></div>\n' + _footer(outlet))
    return Page(path, "OpenGraph meta tags", html_text, story, outlet, story.headline, outlet.name, url,
                date(2025, 4, 2), extra_chrome=("Chatbot makers cut prices again",))


def _url_date_page(path: str) -> Page:
    story, outlet = STORIES["tencent-chips"], LEDGER
    html_text = (_head(f"{story.headline} - {outlet.name}") + _header(outlet)
                 + f'<div id="content" class="content"><h1>{_esc(story.headline)}</h1>'
                 f'<p class="standfirst">Our markets team reports.</p>\n' + _paragraphs(story) + '</div>\n'
                 + _related(outlet) + _footer(outlet))
    return Page(path, "date only in the URL", html_text, story, outlet, story.headline, "", "", story.published)


def _byline_date_page(path: str) -> Page:
    story, outlet = STORIES["wenxiaoyan-users"], HARBOUR
    html_text = (_head(f"{story.headline} | {outlet.name}") + _header(outlet)
                 + f'<main id="main"><div class="article"><h1>{_esc(story.headline)}</h1>'
                 f'<div class="byline"><span class="author">By {_esc(story.author)}</span> | '
                 f'<span class="date">Published 9 May 2025</span> | 4 min read</div>\n'
                 + _paragraphs(story, advert_after=2, outlet=outlet) + '</div>\n' + _related(outlet, "Related stories")
                 + '</main>\n' + _footer(outlet))
    return Page(path, "date only in the byline", html_text, story, outlet, story.headline, "", "", story.published)


def syndicated_intro() -> str:
    return "This story first appeared in The Meridian Ledger, a fictional outlet, and is republished with permission."


def _syndicated_page(path: str) -> Page:
    story, outlet = STORIES["doubao-users"], HARBOUR
    headline = "ByteDance's Doubao tops 75 million monthly users"
    url = f"https://{outlet.domain}/tech/doubao-tops-75-million-monthly-users"
    html_text = (_head(f"{headline} | {outlet.name}", f'\n<link rel="canonical" href="{url}">'
                       + _json_ld(story, outlet, url, headline, date(2025, 3, 5))) + _header(outlet)
                 + f'<main><article><h1>{_esc(headline)}</h1><p class="byline">By {_esc(story.author)}, '
                 f'The Meridian Ledger</p>\n<p><em>{_esc(syndicated_intro())}</em></p>\n'
                 + _paragraphs(story) + '</article>\n' + _related(outlet) + '</main>\n' + _footer(outlet))
    return Page(path, "syndicated copy (JSON-LD)", html_text, story, outlet, headline, outlet.name, url,
                date(2025, 3, 5), more_text=(syndicated_intro(),))


def _div_soup_page(path: str) -> Page:
    story, outlet = STORIES["wenxiaoyan-users"], LEDGER
    body = "<br><br>\n".join(_esc(p) for p in story.paragraphs)
    html_text = (_head(f"{story.headline} :: {outlet.name}") + _header(outlet)
                 + '<div class="wrap"><div class="col-left"><div class="box">' + _related(outlet, "Latest")
                 + f'</div></div><div class="col-main"><div class="ttl">{_esc(story.headline)}</div>'
                 f'<div class="txt">{body}</div></div></div>\n' + _footer(outlet))
    return Page(path, "div soup (no article or p tags)", html_text, story, outlet, story.headline, "", "",
                None)


def _comments_page(path: str) -> Page:
    story, outlet = STORIES["moonshot-round"], LEDGER
    comments = ("Great reporting, but I think these valuations are getting out of hand.",
                "Does anyone actually pay for these chatbots? I use the free version every day.",
                "The long-document feature was the only reason I tried it; the rest is average.")
    thread = "".join(f'<li class="comment"><span class="user">reader{n}</span><p>{_esc(c)}</p></li>'
                     for n, c in enumerate(comments))
    html_text = (_head(f"{story.headline} | {outlet.name}") + _header(outlet)
                 + f'<main><article><h1>{_esc(story.headline)}</h1>\n' + _paragraphs(story) + '</article>\n'
                 f'<section id="comments" class="comments"><h2>Reader comments (3)</h2><ol>{thread}</ol></section>\n'
                 + _related(outlet) + '</main>\n' + _footer(outlet))
    return Page(path, "reader comments under the story", html_text, story, outlet, story.headline, "", "", None,
                extra_chrome=comments)


def _table_page(path: str) -> Page:
    story, outlet = STORIES["chatbot-rankings"], HARBOUR
    table = (("Yuanbao", "41 million"), ("Kimi", "21 million"), ("Wenxiaoyan", "30 million"))
    rows = "".join(f"<tr><td>{name}</td><td>{users}</td></tr>" for name, users in table)
    html_text = (_head(f"{story.headline} | {outlet.name}") + _header(outlet)
                 + f'<main><article><h1>{_esc(story.headline)}</h1>\n' + _paragraphs(story)
                 + f'\n<figure><table><thead><tr><th>Assistant</th><th>Monthly users, June</th></tr></thead>'
                 f'<tbody>{rows}</tbody></table><figcaption>Source: the research firm (fictional).</figcaption>'
                 '</figure></article>\n' + _related(outlet) + '</main>\n' + _footer(outlet))
    return Page(path, "article with a data table", html_text, story, outlet, story.headline, "", "", None,
                more_text=tuple(f"{name} {users}" for name, users in table))


def _script_rendered_page(path: str) -> Page:
    story, outlet = STORIES["tencent-chips"], HARBOUR
    url = f"https://{outlet.domain}/tech/tencent-h20"
    html_text = (_head(f"{story.headline} | {outlet.name}", _json_ld(story, outlet, url, body=True))
                 + _header(outlet) + '<div id="app"><div class="spinner">Loading the story…</div></div>\n'
                 f'<script>window.__STORY__ = {json.dumps({"paragraphs": story.paragraphs})};</script>\n'
                 + _footer(outlet))
    return Page(path, "text only in a script (rendered by JavaScript)", html_text, story, outlet, story.headline,
                outlet.name, "", story.published)


def _live_blog_page(path: str) -> Page:
    story, outlet = STORIES["export-live"], LEDGER
    entries = "".join(f'<div class="live-entry"><time>{p[:5]}</time><p>{_esc(p[6:])}</p>'
                      '<div class="share">Share this update</div></div>' for p in story.paragraphs[:-1])
    html_text = (_head(f"{story.headline} | {outlet.name}") + _header(outlet)
                 + f'<main><h1>{_esc(story.headline)}</h1><div class="live-badge">LIVE</div>'
                 f'<div class="live-feed">{entries}<p>{_esc(story.paragraphs[-1])}</p></div>\n'
                 + _related(outlet) + '</main>\n' + _footer(outlet))
    return Page(path, "live blog of timestamped updates", html_text, story, outlet, story.headline, "", "", None)


def _section_front(path: str) -> Page:
    outlet = LEDGER
    teasers = "".join(f'<div class="teaser"><h3><a href="/story/{n}">{_esc(t)}</a></h3><span>2 hours ago</span></div>'
                      for n, t in enumerate(outlet.related))
    html_text = (_head(f"Business | {outlet.name}") + _header(outlet)
                 + f'<main><h1>Business</h1><div class="grid">{teasers}</div></main>\n' + _footer(outlet))
    return Page(path, "section front (a list of headlines)", html_text, None, outlet)


def _paywall_page(path: str) -> Page:
    story, outlet = STORIES["moonshot-round"], HARBOUR
    html_text = (_head(f"{story.headline} | {outlet.name}") + _header(outlet)
                 + f'<main><article><h1>{_esc(story.headline)}</h1>'
                 '<p>Moonshot AI, the start-up behind the Kimi chatbot, has raised new money from its existing investors '
                 'and two new backers, people familiar with the matter said on Wednesday.</p>'
                 '<div class="paywall"><h3>Subscribe to continue reading</h3><p>Subscribers get unlimited access.</p>'
                 '<a class="button" href="/subscribe">See offers</a></div></article></main>\n' + _footer(outlet))
    return Page(path, "paywall stub", html_text, story, outlet)


ARTICLE_LAYOUTS = {
    "/technology/doubao-75-million-monthly-users": _json_ld_page,
    "/money/moonshot-ai-raises-600-million": _opengraph_page,
    "/2025/04/18/tencent-h20-chips.html": _url_date_page,
    "/technology/baidu-wenxiaoyan-30-million": _byline_date_page,
    "/tech/doubao-tops-75-million-monthly-users": _syndicated_page,
    "/archive/wenxiaoyan-plain": _div_soup_page,
    "/archive/moonshot-with-comments": _comments_page,
    "/tech/chatbot-rankings-q2": _table_page,
    "/tech/tencent-h20-app": _script_rendered_page,
    "/live/chip-export-rules": _live_blog_page,
}
REFUSED_LAYOUTS = {"/business": _section_front, "/money/moonshot-ai-premium": _paywall_page}
# The pages the feeds list, and a test adds: each a different article (the others repeat their stories).
FEED_PATHS = ("/technology/doubao-75-million-monthly-users", "/money/moonshot-ai-raises-600-million",
              "/2025/04/18/tencent-h20-chips.html", "/technology/baidu-wenxiaoyan-30-million",
              "/tech/doubao-tops-75-million-monthly-users")


def pages() -> dict[str, Page]:
    return {path: layout(path) for path, layout in {**ARTICLE_LAYOUTS, **REFUSED_LAYOUTS}.items()}


def rss(base: str) -> str:
    site = pages()
    items = "".join(
        f"<item><title>{_esc(site[p].story.headline)}</title><link>{base}{p}</link><guid isPermaLink=\"false\">"
        f"ledger-{n}</guid><pubDate>{site[p].story.published:%a, %d %b %Y} 08:00:00 GMT</pubDate>"
        f"<description>Fictional test item.</description></item>" for n, p in enumerate(FEED_PATHS[:3]))
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>The Meridian Ledger '
            f'(fictional): Technology</title><link>{base}/</link><description>Fictional test feed</description>'
            f'{items}</channel></rss>\n')


def atom(base: str) -> str:
    site = pages()
    entries = "".join(
        f'<entry><title>{_esc(site[p].story.headline)}</title><link href="{base}{p}"/><id>tag:harbourwire.example,'
        f'2025:{n}</id><updated>{site[p].story.published.isoformat()}T08:00:00Z</updated></entry>'
        for n, p in enumerate(FEED_PATHS[2:]))
    return ('<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'
            '<title>Harbour Wire Daily (fictional)</title><id>tag:harbourwire.example,2025:feed</id>'
            f'<updated>2025-05-09T08:00:00Z</updated>{entries}</feed>\n')


def report_pdf(story: Story = REPORT) -> bytes:
    """A PDF report with a text layer and metadata, made now (fpdf2)."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_title(story.headline)
    pdf.set_author("Tracker Research (fictional)")
    pdf.set_creation_date(datetime(2025, 7, 30, 9, 0, tzinfo=UTC))
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 16)
    pdf.multi_cell(0, 8, story.headline)
    pdf.set_font("Helvetica", size=11)
    for paragraph in story.paragraphs:
        pdf.ln(4)
        pdf.multi_cell(0, 6, paragraph)
    return bytes(pdf.output())


def scanned_pdf() -> bytes:
    """A PDF whose only page is an image, as a scanner makes it: it holds no text."""
    from fpdf import FPDF
    from PIL import Image, ImageDraw

    image = Image.new("L", (600, 800), 255)
    ImageDraw.Draw(image).rectangle((50, 50, 550, 120), fill=0)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    pdf = FPDF()
    pdf.add_page()
    pdf.image(io.BytesIO(buffer.getvalue()), x=10, y=10, w=190)
    return bytes(pdf.output())


def words_kept(article_text: str, stored: str) -> float:
    """The share of the article's words (with repeats, ignoring case) that the stored text holds."""
    wanted = Counter(word.casefold() for word in article_text.split())
    held = Counter(word.casefold() for word in stored.split())
    return sum(min(count, held[word]) for word, count in wanted.items()) / sum(wanted.values())


# ---- the server ----------------------------------------------------------------------------------------

@dataclass
class Response:
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    sized: bool = True  # False: no Content-Length, the body ends when the connection closes


def routes(base: str) -> dict[str, Response]:
    """Every path the site serves, besides /slow (which never answers in time)."""
    served = {path: Response(body=page.html.encode("utf-8")) for path, page in pages().items()}
    served.update({
        # the same story under a tracking parameter's address names the same canonical URL
        "/technology/doubao-75-million-monthly-users?utm_source=newsletter":
            served["/technology/doubao-75-million-monthly-users"],
        "/feeds/technology.rss": Response(content_type="application/rss+xml", body=rss(base).encode()),
        "/feeds/harbour.atom": Response(content_type="application/atom+xml", body=atom(base).encode()),
        "/feeds/broken.xml": Response(content_type="application/xml",
                                      body=b"<?xml version='1.0'?><html><body><p>Not a feed at all</p></body></html>"),
        "/reports/tracker-q2.pdf": Response(content_type="application/pdf", body=report_pdf()),
        "/reports/scanned.pdf": Response(content_type="application/pdf", body=scanned_pdf()),
        "/loop-a": Response(302, headers={"Location": "/loop-b"}),
        "/loop-b": Response(302, headers={"Location": "/loop-a"}),
        # GB18030 bytes under a UTF-8 label: the page cannot be read as what it says it is
        "/mislabelled.html": Response(body=("<html><body><article><h1>测试</h1><p>" + "这是一个编码错误的测试页面。" * 80
                                            + "</p></article></body></html>").encode("gb18030")),
        "/huge.html": Response(headers={"Content-Length": str(11_000_000)}, body=b""),
        "/unsized.html": Response(body=b"<html><body><p>" + b"word " * 60_000 + b"</p></body></html>", sized=False),
        "/image.png": Response(content_type="image/png", body=b"\x89PNG\r\n\x1a\n" + b"\x00" * 64),
    })
    return served


class _Handler(BaseHTTPRequestHandler):
    site: dict[str, Response] = {}
    release = threading.Event()

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        if self.path == "/slow":
            self.release.wait(10)  # until the test ends (or 10 s): the client gives up long before
            return
        if self.path.startswith("/go?to="):  # an open redirect, as link shorteners and trackers are
            self.send_response(302)
            self.send_header("Location", unquote(self.path.removeprefix("/go?to=")))
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        response = self.site.get(self.path) or Response(404, body=b"<html><body><h1>Not found</h1></body></html>")
        self.send_response(response.status)
        self.send_header("Content-Type", response.content_type)
        if response.sized and "Content-Length" not in response.headers:
            self.send_header("Content-Length", str(len(response.body)))
        for name, value in response.headers.items():
            self.send_header(name, value)
        self.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(response.body)

    def log_message(self, *args) -> None:
        pass


@contextlib.contextmanager
def serve(host: str = "127.0.0.1") -> Iterator[str]:
    """The site on a free port of host; yields its base URL."""
    release = threading.Event()
    handler = type("Handler", (_Handler,), {"release": release})
    server = ThreadingHTTPServer((host, 0), handler)
    server.daemon_threads = True
    base = f"http://{host}:{server.server_address[1]}"
    handler.site = routes(base)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield base
    finally:
        release.set()
        server.shutdown()
        server.server_close()
