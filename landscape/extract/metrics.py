"""Decide what an amount measures (MAU, valuation, GPU units, ...) and on what basis (a funding round,
cumulative funding, IPO proceeds, a market value at listing, capital expenditure, an order) from the
words around it.

Only reads one sentence at a time and proposes readings; choosing the subject and the date is
done in facts.py. The context window of an amount never reaches past a neighbouring amount, so
"raised $1bn at a $10bn valuation" gives funding to the first and valuation to the second.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from landscape.extract.numbers import Quantity
from landscape.extract.scanning import CaselessPattern, at_word_start

USER_METRICS = frozenset({"mau", "wau", "dau", "users", "downloads"})
MONEY_METRICS = frozenset({"valuation", "funding", "revenue", "gpu_spend"})
GPU_METRICS = frozenset({"gpu_units", "gpu_spend"})

_VENDOR = r"(?:Nvidia|NVIDIA|AMD|Huawei|Nvidia Corp\.?|Google|Amazon|AWS|Intel|Cambricon)(?:'s|’s)?"
_FILLER = (
    r"(?:new|active|registered|global|worldwide|paying|paid|unique|total|more|additional|of|its|"
    rf"their|the|{_VENDOR}|AI|advanced|high-end|top-end|"
    r"flagship|server|cutting-edge|powerful|such|mobile|app|average|individual|business|"
    r"enterprise|consumer|domestic|overseas|international|Chinese|US|U\.S\.|its|H20-class|"
    r"graphics|customers?|data-?cent(?:er|re)|initial|first|planned|existing)\s+"
)
_USER_KEYWORDS = (
    r"(?P<mau>monthly\s+active\s+(?:app\s+|mobile\s+)?(?:users?|accounts|people)|monthly\s+(?:app\s+)?users"
    r"|MAUs?\b|monthly\s+actives|users\s+who\s+are\s+active\s+(?:monthly|each\s+month)"
    r"|monthly\s+[A-Z][\w.]*(?:[- ]app)?\s+users"
    r"|(?:active\s+)?(?:users|people)\s+(?:a|per|each|every)\s+month|users\s+monthly|月活跃用户|月活用户|月活"
    r"|monthly(?=\s*(?:[,;)]|\.(?!\d)|$|\s+(?:but|and|while|whereas)\b)))"
    r"|(?P<wau>weekly\s+active\s+(?:app\s+)?users?|weekly\s+users|WAUs?\b|weekly\s+actives"
    r"|weekly\s+[A-Z][\w.]*(?:[- ]app)?\s+users|(?:active\s+)?(?:users|people)\s+(?:a|per|each|every)\s+week"
    r"|users\s+weekly|周活跃用户|周活"
    # "still trails ChatGPT's 800 million weekly, but": the kind said, its noun left out
    r"|weekly(?=\s*(?:[,;)]|\.(?!\d)|$|\s+(?:but|and|while|whereas)\b)))"
    r"|(?P<dau>daily\s+active\s+(?:app\s+)?users?|daily\s+users|DAUs?\b|daily\s+actives"
    r"|daily\s+[A-Z][\w.]*(?:[- ]app)?\s+users|(?:active\s+)?(?:users|people)\s+(?:a|per|each|every)\s+day"
    r"|users\s+daily|日活跃用户|日活用户|日活"
    r"|daily(?=\s*(?:[,;)]|\.(?!\d)|$|\s+(?:but|and|while|whereas)\b)))"
    r"|(?P<downloads>(?:app\s+)?downloads|installs|次下载|下载量|下载)"
    r"|(?P<users>users?\b|user\s+accounts|subscribers|people\s+(?:use|using|who\s+use|have\s+used|now\s+use"
    r"|are\s+(?:now\s+)?using)"
    # "4.7 million paid GitHub Copilot subscribers", "100 million ChatGPT users": the product named in between.
    r"|(?:paid\s+|paying\s+)?[A-Z][\w.-]*(?:\s+[A-Z][\w.-]*)?\s+(?:users|subscribers)\b|用户)"
)
_GPU_NOUN = (
    r"(?:GPUs?|graphics\s+processing\s+units|graphics\s+cards|AI\s+chips|chips|accelerator\s+cards|accelerators"
    r"|processors|server\s+chips|units|cards)"
)
# What one free adjective may precede ("modified H20 chips"); "units" alone is too loose for that.
_GPU_NOUN_BUT_UNITS = r"(?:GPUs?|graphics\s+processing\s+units|graphics\s+cards|AI\s+chips|chips|accelerator\s+cards|accelerators|processors)\b"
_LINK = (
    r"(?:reached|reach|reaches|will\s+reach|hit|hits|rose\s+to|climbed\s+to|grew\s+to|jumped\s+to|surged\s+to|surged\s+past"
    r"|increased\s+to|soared\s+to|soaring\s+to|doubled\s+to|tripled\s+to|surpassed|surpassing|topped|topping|tops?|exceeded"
    r"|exceeding|exceeds|will\s+exceed|exceed|crossed|passed|stood\s+at|stands\s+at|of|at|to|was|were|is|are|totaled"
    r"|totalled|totalling|totaling|numbered|reaching|hitting|near|nearing|approached|approaching|approach|past|over"
    r"|came\s+in\s+at|more\s+than|went\s+from|grew\s+from|rose\s+from|jumped\s+from|increased\s+from|climbed\s+from"
    # "downloads doubling from 1 million ... to 2.6 million", "users expanded from 400 million to ...".
    r"|(?:doubl|tripl|expand|swell|ris|grow|jump|climb|increas|surg|soar)(?:ed|ing)\s+from"
    # A verb whose "past"/"over" was read as the qualifier: "surged past 10 million".
    r"|surged|jumped|rose|grew|climbed|soared|increased|shot)"
)
_USER_BEFORE = re.compile(
    # "Monthly active users of Doubao reached 157 million" opens a sentence with a capital.
    # ("monthly actives", "monthly user numbers", "monthly user count")
    r"(?:(?P<mau>[Mm]onthly\s+active\s+(?:app\s+)?users?|MAUs?|[Mm]onthly\s+(?:users|actives|user\s+(?:numbers|count|base)))"
    r"|(?P<wau>[Ww]eekly\s+active\s+(?:app\s+)?users?|WAUs?|[Ww]eekly\s+(?:users|actives|user\s+(?:numbers|count|base)))"
    r"|(?P<dau>[Dd]aily\s+active\s+(?:app\s+)?users?|DAUs?|[Dd]aily\s+(?:users|actives|user\s+(?:numbers|count|base)))"
    r"|(?P<downloads>[Dd]ownloads|[Ii]nstalls)"
    r"|(?P<users>user\s+base|users|user\s+count|subscribers|number\s+of\s+users))"
    # The link is optional right after the metric ("weekly active users north of 155 million", the
    # qualifier already taken off).
    # ("Doubao's MAU in September: 172 million": a label with its period, then a colon)
    rf"(?:\s*\([A-Za-z.]+\))?(?:,?(?:\s+[\w'’.%,-]+){{0,10}}?\s+{_LINK}|,\s+with|(?:\s+[\w'’.-]+){{0,3}}\s*[:：])?\s*$"
)
_USER_BEFORE_CN = re.compile(
    r"(?:(?P<mau>月活跃用户|月活用户|月活)|(?P<wau>周活跃用户|周活)|(?P<dau>日活跃用户|日活用户|日活)"
    r"|(?P<downloads>下载量)|(?P<users>用户数|用户))[^\d，。、；]{0,6}$"
)
# Users of the internet, of a market or of AI as a whole, not of one product.
_NOT_PRODUCT_USERS_BEFORE = re.compile(
    r"(?:\b(?:internet|online|smartphone|5G|broadband|netizens?)\s+(?:users?|user\s+base)\b[^.;]{0,40}"
    r"|\b(?:market|population|nation|country|(?<!user\s)base)\s+of\s*)$")
_NOT_PRODUCT_USERS_AFTER = re.compile(
    r"\s*(?:[\w-]+\s+){0,2}?(?:internet|5G|smartphone|broadband)\s+users|\s*(?:AIGC\s+)?(?:app\s+)?users?\s+of\s+"
    r"(?:generative\s+)?(?:AI|AIGC|artificial\s+intelligence|the\s+internet)\b|\s*(?:AIGC|generative\s+AI)\s+(?:app\s+)?users")
# "surpassing Yuanbao by roughly 34.49 million DAU": a difference, not a count.
_DIFFERENCE = re.compile(r"\b(?:surpass\w*|exceed\w*|outpac\w*|lead\w*|ahead|behind|trail\w*|beat\w*|gap|more|fewer|less)"
                         r"\b[^.;]{0,40}\bby\s*$")
_NOT_PRODUCT_WORDS = re.compile(r"internet|nline|martphone|5G|roadband|etizen|arket|opulation|ation|ountry|base|AI|"
                                r"rtificial")
_DOWNLOADED = re.compile(r"(?:downloaded|installed)(?:\s+[\w'’.-]+){0,3}?\s*$")
_TIMES = re.compile(r"\s*times\b")

# Capital expenditure: the words that name it before an amount ("raise planned 2025 capital expenditures to
# $91-93 billion", "ByteDance's 2026 AI infrastructure spending will exceed 200 billion yuan").
_CAPEX_NOUN = (
    r"(?:capital[\s-]+expenditures?|capex|capital\s+spending|capital\s+investments?|infrastructure\s+(?:spending|investment"
    r"|budget)|computing\s+(?:power\s+)?investment|spending\s+on\s+(?:AI\s+)?infrastructure)"
)
_CAPEX_BEFORE = re.compile(
    rf"\b{_CAPEX_NOUN}(?:\s*\(capex\))?(?:\s+(?:target|plan|budget|guidance|outlay))?(?:,?\s+[\w'’.%,-]+){{0,7}}?,?\s+"
    rf"(?:{_LINK}|would\s+be|will\s+be|of\s+about|by\s+\d+%\s+to)(?:\s+between)?\s*$", re.IGNORECASE)
# Words one of which each group of patterns needs: a text without them is not tried (a literal scan is fast).
_CAPEX_WORDS = re.compile(r"[Cc]apital|[Cc]ap[Ee][Xx]|CAPEX|[Ii]nfrastructure|[Cc]omputing|[Ss]pending on")
_CAPEX_AFTER_WORDS = re.compile(r"capital|capex|infrastructure|data|comput|server|property|lease|buildout|hardware")
_CHIP_COUNT = (r"(?:about\s+|around\s+|roughly\s+|some\s+|nearly\s+|up\s+to\s+|over\s+)?\d[\d,.]*\s*(?:million\s+)?"
               r"(?:of\s+)?(?:(?:its|their|the)\s+)?(?:[\w-]+\s+){0,4}?(?:chips|GPUs|processors|accelerators|superchips)\b")
_PURCHASE_COUNT_AFTER = re.compile(r"\s*(?:to\s+(?:buy|purchase|acquire|procure)|for|on)\s+" + _CHIP_COUNT)
_PURCHASE_COUNT_BEFORE = re.compile(r"\b(?:buy|buying|bought|purchased?|purchasing|ordered|order|acquired?|acquiring)\s+"
                                    + _CHIP_COUNT + r"\s+(?:for|worth|valued\s+at|at\s+a\s+cost\s+of)\s*$")
_ORDER_WORDS = re.compile(r"order|tender|procure|purchase|deal|cloud|azure|compute")
_CUMULATIVE_WORDS = re.compile(r"total|cumulative|since|so far|to date|in all|all told|rounds|before th")
_MARK_AFTER = re.compile(r"\s*mark\b")
_POSSESSIVE_BEFORE = re.compile(r"['’]s\s+(?:[\w-]+\s+){0,3}$")
_POSSESSOR_BEFORE = re.compile(r"['’]s\s*$")
_EXPENDITURE_BEFORE = re.compile(r"\bexpenditures?\s+(?:of|at|to|was|were|is)\s*$")
# What an amount is spent on, right after it ("$16.55 billion in AI and cloud infrastructure capital expenditure",
# "US$12 billion for AI infrastructure", "$108.7 billion in finance leases for data centers").
_CAPEX_AFTER = re.compile(
    r"\s*(?:\([^()]{0,40}\)\s*)?(?:(?:spent|invested|allocated|earmarked|committed)\s+)?"
    # ("invest 380 billion yuan over three years in AI infrastructure": the span said before what it buys)
    r"(?:(?:over|in|during|within)\s+(?:the\s+)?(?:next\s+|coming\s+|past\s+)?(?:\w+\s+)?years?,?\s+)?"
    r"(?:(?:in|of|for|on|toward|towards|into)\s+(?:[\w'’-]+\s+){0,5}?"
    r"|(?:(?:planned\s+)?(?:commitment|investment|budget|plan)\s+(?:for|in|on)\s+(?:[\w'’-]+\s+){0,3}?)"
    # "a RMB 380 billion plan to invest in cloud and AI infrastructure"
    r"|(?:plan|pledge|commitment|programme|program)\s+to\s+(?:invest|spend)\s+(?:in|on)\s+(?:[\w'’-]+\s+){0,5}?"
    # "a $10 billion partnership to build out its data center infrastructure"
    r"|(?:partnership|project|initiative|programme|program|plan)\s+to\s+(?:build|expand|develop|fund)(?:\s+out)?\s+"
    r"(?:[\w'’-]+\s+){0,3}?)"
    r"(?P<what>capital[\s-]+expenditures?|capex|(?:AI[\w\s-]{0,30}?|cloud[\w\s-]{0,30}?)?infrastructure|data\s*-?\s*cent(?:er|re)s?"
    r"|computing\s+(?:power|capacity|infrastructure)|compute|(?:new\s+)?servers|property\s+and\s+equipment"
    r"|finance\s+leases|buildouts?|hardware)\b", re.IGNORECASE)
# A multi-year spending plan named right after the amount (capex when the sentence speaks of it).
_SPENDING_PLAN_AFTER = re.compile(r"\s*(?:\([^()]{0,40}\)\s*)?(?:[\w-]+-year\s+)?(?:investment|spending|capex|capital)\s+"
                                  r"(?:plan|programme|program|pledge|budget)\b")
# Cloud capacity bought from a provider: an order ("$250 billion of Azure services", "$200 billion in cloud spend").
_CLOUD_ORDER_AFTER = re.compile(
    r"\s*(?:of|in|on|for)\s+(?:[\w'’-]+\s+){0,3}?(?:cloud\s+(?:services|spend|computing|capacity)|Azure\s+services"
    r"|compute(?:\s+capacity)?|computing\s+capacity)\b")
# Spending verbs: with capital expenditure named nearby, the amount is capex ("It spent $6.8bn in Q4").
_SPEND_VERB = re.compile(
    r"\b(?:spen(?:d|ds|t|ding)|invest(?:s|ed|ing)?|allocat(?:e|es|ed|ing)|earmark(?:s|ed|ing)?|budget(?:s|ed)?"
    r"|commit(?:s|ted|ting)?|pledg(?:e|es|ed|ing)|plann?(?:ed|ing)?|pour(?:s|ed|ing)?)\b(?:\s+[\w'’.%()-]+){0,5}?\s*$")
_CAPEX_CONTEXT = CaselessPattern(
    r"capital[\s-]+expenditure|capex|capital\s+spending|infrastructure|data\s*-?\s*cent(?:er|re)|computing\s+power|servers")
# An order for servers or chips: "a RMB16 billion order for 265,000 servers", "$16 billion in orders for H20 chips".
_ORDER_AFTER = re.compile(
    r"\s*(?:\([^()]{0,40}\)\s*)?(?:in\s+)?(?:orders?|tenders?|procurement|purchases?|deal)\s+(?:for|of)\s+(?:[\w'’.,-]+\s+){0,5}?"
    r"(?:servers|chips|GPUs|processors|accelerators|units)\b|\s*(?:[\w-]+\s+){0,2}(?:supercomputer|server|GPU|chip|compute)"
    r"\s+(?:deal|order|contract|purchase)\b")
_VALUED_AT = re.compile(r"valued\s+at\b")
_ROUND_VALUED = re.compile(r"\b(?:round|funding|financing|fundraising)(?:\s+(?:of|in)\s+(?:funding|financing))?\s+$")
_VALUATION_HEDGED = re.compile(r"\b[Vv]aluations?(?:\s+(?:rise|rising|rose|climb(?:ed|ing)?|jump(?:ed|ing)?|grew|growing"
                               r"|surg(?:ed|ing)|soar(?:ed|ing)|of|at))?\s*$")
_COMMITMENTS_TO_A_RAISE = re.compile(r"\b(?:raise|round|financing|funding|fundraising)\b[^.;$]{0,50}\bcommitments"
                                     r"(?:\s+(?:of|totall?ing|worth))?\s*$")
_ROUND_HEDGED = re.compile(r"\b(?:round|rounds)\s+of\s+(?:funding|financing|fundraising)\s*$")
_ORDER_BEFORE = re.compile(r"\b(?:ordered|orders?|procured)\s*$")

_MONEY_BEFORE = re.compile(
    r"(?:(?P<valuation>(?:\b[Vv]alu(?:ed|es|e|ing)|\b[Vv]aluation)(?:\s+(?!valu)[\w'’.()-]+){0,6}?\s+"
    r"(?:at|of|to|toward|towards|near|between|past|beyond|above|exceeding|surpassing|topping|reaching|hitting|around"
    r"|approaching|be"
    # "whose valuation exceeds 20 billion yuan", "market valuation has surpassed 10 billion yuan"
    r"|exceeds|exceeded|surpasses|surpassed|tops|topped|reached|reaches|crossed|stood\s+at|stands\s+at|is"
    r"|[Hh]its?)"
    r"(?:\s+(?:the|its|initially|originally|previously|earlier|latest|proposed|reported|expected|planned|targeted))*"
    r"|\b[Vv]aluation(?:\s+(?:target|mark|figure))?(?:\s*[:：])?|\bworth\s+from(?:\s+the)?"
    r"|\bpriced\s+(?:the\s+company|the\s+firm|the\s+startup|the\s+start-up|it|them)\s+at"
    # "a $500 million injection priced at about $4.3 billion": the round's price is the company's value
    r"|\b(?:round|injection|raise|financing|funding|tranche|Series\s+[A-H]\d?)\s+(?:was\s+|that\s+was\s+)?priced\s+at"
    r"|\bmark-?up\s+(?:on|from|over)(?:\s+[\w'’.-]+){0,2}?"
    r"|market\s+(?:value|capitali[sz]ation|cap)(?:,?\s+[\w'’.-]+){0,5}?(?:\s+(?:of|to|at|near|exceeds?|exceeding|approach"
    r"|approaching|reached|reach|reaching|hit|topped|above|past|was|is|stood\s+at))?"
    r"|\b(?:is|was|be|been|now|currently|being)\s+(?:now\s+|currently\s+)?worth|估值(?:达到|达|为|约为|超过|逾)?)"
    r"|(?P<funding>\b(?:rais(?:e|es|ed|ing)|secur(?:e|es|ed|ing)|clos(?:e|es|ed|ing)|land(?:s|ed)?|bag(?:s|ged)?"
    r"|attract(?:s|ed)?|receiv(?:e|es|ed)|obtain(?:s|ed)?|haul(?:s|ed)?\s+in|pull(?:s|ed)?\s+in|amass(?:es|ed)?"
    r"|(?:funding|financing|fundraising|injection|round)(?:\s+(?:round|deal))?\s+(?:of|worth|totall?ing)"
    r"|(?:funding|financing|fundraising)(?:\s+(?:round|deal))?(?:\s+(?:has|had|have|now))?\s+(?:exceeded|exceeds"
    r"|surpassed|surpasses|totall?ed|amounted\s+to|reached|topped)"
    r"|(?:cornerstone\s+|proposed\s+)*subscriptions?\s+(?:of|totall?ing)"
    # "with net proceeds estimated to reach 3.9 billion yuan", "IPO proceeds totalling $1bn"
    r"|\bproceeds(?:\s+(?:are|were|is|was|estimated|expected|projected|likely|set|to|could|would|of\s+about))*\s+"
    r"(?:of|reach(?:ing)?|total(?:l?ing)?|be|hit|exceed(?:ing)?|amount(?:ing)?\s+to|come\s+to|at)"
    r"|\b(?:funding|round|financing)\b[^.]{0,20}\badd(?:s|ed|ing)?"
    # A summary line's label: "- Funding: $1 billion", "• Latest round: $1 billion led by Alibaba".
    r"|\b(?:[Ff]unding|[Ff]inancing|(?:[Ll]atest\s+|[Ll]ast\s+)?[Rr]ound|[Rr]aised)\s*[:：])|融资)"
    r"|(?P<invest>\b(?:invest(?:s|ed|ing)?|pour(?:s|ed|ing)?|inject(?:s|ed|ing)?|pump(?:s|ed|ing)?|put(?:s|ting)?"
    r"|commit(?:s|ted|ting)?|contribut(?:e|es|ed|ing)|investment\s+of))"
    r"|(?P<revenue>\b(?:[Rr]evenues?|[Ss]ales|[Tt]urnover|ARR)(?:(?:\s+[\w'’.%,-]+){0,10}?\s+"
    rf"{_LINK}|\s*(?:\([^()]{{1,20}}\))?\s*[:：])?|营收(?:达到|达|为|约为)?|收入(?:达到|达|为|约为)?)"
    r"|(?P<gpu_spend>\b(?:GPUs?|chips?|processors|H\d+s?)\s+(?:orders?\s+|purchases?\s+)?(?:worth|valued\s+(?:at|in)"
    r"(?:\s+the)?|totall?ing|costing))"
    r")(?:\s+between)?\s*$"  # "raising between $5 billion and $10 billion": a range
)
# Revenue of a part of a business is not the company's revenue ("cloud business revenue", "AI-related revenue").
_SEGMENT_REVENUE = re.compile(
    r"(?i:\b(?:cloud|azure|advertising|ad|ads|gaming|games|segment|division|unit|ai-related|ai|services?|subscription"
    r"|api|hardware|chip|gpu|data[- ]?cent(?:er|re)|automotive|e-commerce|commerce|international|overseas|mobile"
    r"|consumer|enterprise|business|intelligent|computing|devices?|product)\s+(?:[\w-]+\s+)?(?:revenues?|sales)\b)")
_ARTICLE = at_word_start(
    ["a", "an", "another", "a further", "an additional", "some", "fresh", "new", "the", "its", "a new", "a fresh",
     "a record", "its record", "a record-breaking", "an initial", "a staggering", "an ambitious", "a whopping", "an incremental",
     "an astonishing", "an astounding", "an impressive", "a remarkable", "a massive", "a hefty", "an eye-watering",
     "a colossal", "a huge", "a stunning", "a mammoth"], r"\s*")
_ARTICLES = re.compile(rf"(?:{_ARTICLE})(?:{_ARTICLE})*$")  # one or more, at the end
_QUALIFIER_WORDS = [
    "about", "approximately", r"approx\.", "around", "roughly", "nearly", "almost", "over", "more than", "up to",
    "at least", "some", "close to", "just over", "just under", "less than", "fewer than", "under", "as many as",
    "as much as", "an estimated", "estimated", "upwards of", "north of", "in excess of", "well over", "below",
    "circa", r"c\.", "nearly", "almost", "just", "far more than", "well above", "exceeding", "surpassing", "topping",
    "beyond", "past", "near", "above", "perhaps", "possibly", "likely",
]
_QUALIFIER = re.compile("(?P<q>" + at_word_start(_QUALIFIER_WORDS) + r"|~|超过|逾|约|近|达|>)\s*$")
# A qualifier ends where the text does, but for whitespace: it starts at most this far before that.
_LONGEST_QUALIFIER = max(len(word.replace("\\", "")) for word in _QUALIFIER_WORDS)
_QUALIFIER_NAMES = {
    "approx.": "approximately", "c.": "about", "circa": "about", "~": "about", "约": "about",
    "perhaps": "about", "possibly": "about", "likely": "about",
    "超过": "more than", "逾": "more than", "近": "nearly", "an estimated": "about",
    "estimated": "about", "just": "exact", "达": "exact", "far more than": "more than", "well above": "more than",
    "exceeding": "more than", "surpassing": "more than", "topping": "more than", "beyond": "more than",
    "past": "more than", "near": "about", "above": "more than", ">": "more than",
}
_MONEY_AFTER = re.compile(
    r"(?P<link>\s*(?:in|of)\s+(?:new\s+|fresh\s+|additional\s+|equity\s+|venture\s+|seed\s+|a\s+|the\s+|its\s+|total\s+)*)?"
    r"\s*(?:(?P<funding>(?:(?:funding|financing|fundraising)\s+round|funding|financing|investment|fundraising"
    r"|fund-?raise|round|raise|Series\s+[A-H]\d?\+?"
    r"|seed\s+round|(?:capital\s+|cash\s+)?injection|capital\s+raise|(?:net\s+|gross\s+)?proceeds|IPO|initial\s+public\s+offering)\b|的?融资)"
    r"|(?P<valuation>(?:(?:post|pre)-money\s+|post-investment\s+|pre-investment\s+)?valuation\b|market\s+(?:cap|capitali[sz]ation"
    r"|value)\b|的?估值)"
    r"|(?P<revenue>(?:annual(?:i[sz]ed)?\s+|quarterly\s+|monthly\s+|recurring\s+)*(?:revenue|sales)\b"
    r"|annual\s+recurring\s+revenue|ARR\b|revenue\s+run[- ]rate|quarter\b)"
    r")"
)
_SPEND_AFTER_TEMPLATE = (
    # ("$22.5-33B could be allocated to GPU purchases": what the money goes to, said after it)
    r"\s*(?:(?:(?:could|would|will|may|might)\s+be\s+|(?:is|are|was|were)\s+)?(?:allocated|earmarked|set\s+aside)"
    r"\s+(?:to|for|towards?)|worth\s+of|of|on|in|for|to\s+access)\s+(?:(?:{filler})|(?:[A-Z][\w.&-]*(?:'s|’s)?\s+)){{0,4}}"
    r"(?:(?P<chip>{chips})s?|{noun})"
)
_EXCLUDED_MONEY_BEFORE = re.compile(
    r"(?:estimates?|forecasts?|expectations?|consensus|guidance|projections?)(?:\s+[\w'’.-]+){0,3}?\s+(?:of|at|for)\s*$"
    r"|\b(?:stake|holding|shares|investment\s+in\s+[\w\s.-]{1,40}?)\s+(?:that\s+is\s+|which\s+is\s+)?(?:worth|valued\s+at)\s*$"
    r"|\bwiping(?:\s+out)?\s*$|\bfortune(?:\s+\w+){0,2}\s*$|\b(?:profits?|loss(?:es)?|fines?|penalty)(?:\s+\w+){0,3}\s+(?:of|to|at)\s*$"
)
# ... except the company's own earlier figure a change starts from ("raised to $72 billion, up from a previous
# estimate of $60-65 billion"): the same kind of figure as the one before, read by ellipsis.
_OWN_EARLIER_ESTIMATE = re.compile(r"\b(?:up|down)\s+from\s+(?:a|an|its|the|their)\s+(?:previous|prior|earlier|initial)\s+"
                                   r"(?:estimate|forecast|guidance|projection|outlook)\s+of\s*$")
_SEGMENT = re.compile(r"\b(?:unit|division|segment|arm|business\s+unit)\b")
# A sentence about a part of the company ("Marketing services, Tencent's advertising arm, generated ...").
_SEGMENT_SUBJECT = re.compile(r"['’]s\s+(?:[\w-]+\s+){0,4}?(?:arm|division|segment|business\s+unit)\b")
# Funding counted over several rounds ("bringing the total raised to $12 billion", "$3.9 billion in six months").
_CUMULATIVE_BEFORE = re.compile(
    r"\b(?:a\s+total\s+of|total\s+(?:funding|investment|commitment|financing|raised|capital(?:\s+raised)?)"
    r"(?:\s+(?:now|so\s+far|to\s+date))?\s+(?:to|of|reaching|reached|hit|hitting|at|stands\s+at|stood\s+at)"
    r"|cumulative(?:\s+\w+)?\s+(?:of|to)|bringing\s+(?:its|the|their)\s+total(?:\s+\w+){0,3}?\s+to"
    r"|(?:raised|secured|amassed)\s+a\s+total\s+of"
    # "All told, the start-up hauled in $7.3 billion"
    r"|\b[Aa]ll\s+told,?\s+(?:[\w.'’-]+\s+){0,4}?(?:raised|secured|amassed|hauled\s+in|pulled\s+in|brought\s+in|took\s+in))\s*$")
_CUMULATIVE_AFTER = re.compile(
    r"\s*(?:since\b|in\s+total\b|so\s+far\b|to\s+date\b|in\s+all\b|(?:across|over|in)\s+(?:several|multiple|\w+)\s+rounds\b"
    r"|in\s+total\s+funding\b|(?:\([^()]*\)\s*)?before\s+(?:this|the)\s+(?:latest\s+)?round\b)")
_FUNDING_CONTEXT = re.compile(r"\b(?:rais|fund|financ|invest|round|backer)", re.IGNORECASE)
_IPO_CONTEXT = re.compile(r"\bIPO\b|initial\s+public\s+offering|listing|proceeds|offer(?:ing)?\s+price|debut|go(?:es|ing)?\s+public",
                          re.IGNORECASE)
_TRANCHE = re.compile(r"\btranche\b", re.IGNORECASE)
_SHARE_SALE_AFTER = re.compile(r"\s*(?:[\w-]+\s+){0,1}(?:share\s+sale|secondary|buyback|tender\s+offer|stock\s+sale)\b")
_COMBINED = re.compile(at_word_start(["combined", "together", "collectively", r"between\s+them", r"in\s+total",
                                      "Combined", "Together", "Collectively", r"In\s+total"], r"\b"))


@dataclass(frozen=True)
class Reading:
    """An amount read as a metric, with the span of the words that said so."""

    quantity: Quantity
    metric: str
    chip_alias: str | None
    phrase_start: int
    phrase_end: int
    qualifier: str
    target_required: bool  # "invested $4bn in X": the subject is the target, not the investor
    inherited: bool
    strength: float
    source: int = -1  # for an inherited reading, the start of the figure it borrows from
    basis: str = ""  # what a money or chip figure is: "capex", "cumulative", "IPO", "order", ...


@lru_cache(maxsize=8)
def chip_patterns(chip_aliases: tuple[str, ...]) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The patterns read_quantities needs for these chip aliases; ask once per document (a
    200-alias tuple takes a while to hash)."""
    chips = "|".join(re.escape(a) for a in sorted(chip_aliases, key=len, reverse=True)) or "(?!)"
    count_after = re.compile(
        rf"\s*(?:{_FILLER}){{0,4}}(?:[a-z][a-z-]{{2,}}\s+(?=(?:{chips})(?![A-Za-z0-9])|{_GPU_NOUN_BUT_UNITS}))?"
        rf"(?:(?P<chip>{chips})(?![A-Za-z0-9])(?:s|-equivalents?|\s+GPU\s+equivalents?)?"
        rf"(?:\s+(?:{_FILLER}){{0,2}}{_GPU_NOUN})?|(?P<gpu>{_GPU_NOUN}|H100[- ]equivalents?)\b|(?i:{_USER_KEYWORDS}))"
    )
    spend_after = re.compile(_SPEND_AFTER_TEMPLATE.format(filler=_FILLER, chips=chips, noun=_GPU_NOUN))
    return count_after, spend_after


def _qualifier(before: str) -> tuple[str, str]:
    """(qualifier, text before it) from the words just before an amount."""
    match = _QUALIFIER.search(before, max(0, len(before.rstrip()) - _LONGEST_QUALIFIER))
    if not match:
        return "exact", before
    word = match.group("q")
    name = _QUALIFIER_NAMES.get(word, word)
    rest = before[:match.start()]
    # "more than $1bn" may come as "well over"/"just over"; keep the words as written.
    return name, rest


# A sentence that opens by naming the kind of figure it ranks: "In terms of daily active users, ...".
_FRAME = re.compile(
    r"\s*(?:[-*•]\s*)?(?:[Ii]n\s+terms\s+of|[Bb]y|[Aa]s\s+(?:for|to)|[Ww]hen\s+it\s+comes\s+to|[Oo]n|[Ff]or|[Rr]egarding"
    r"|[Mm]easured\s+by|[Rr]anked\s+by|[Ll]ooking\s+at)\s+(?:the\s+)?(?:number\s+of\s+)?(?:[a-z]+\s+)?"
    r"(?P<metric>monthly\s+active\s+users|monthly\s+users|MAUs?|weekly\s+active\s+users|weekly\s+users|WAUs?"
    r"|daily\s+active\s+users|daily\s+users|DAUs?)\b[^,.;\d]{0,40},")
_FRAME_METRICS = {"monthly active user": "mau", "monthly user": "mau", "mau": "mau", "weekly active user": "wau",
                  "weekly user": "wau", "wau": "wau", "daily active user": "dau", "daily user": "dau", "dau": "dau"}
_NO_UNIT_AFTER = re.compile(r"\s*(?:[.,;)]|$|\s(?:in|from|for|by|and|after|before|as|at|on|while|whereas|but|ahead|behind"
                            r"|followed|compared|versus|vs|respectively)\b)")
_OWN_BRACKET = re.compile(r"[A-Z][\w.'’-]*\s*\(\s*\Z")
_BRACKET_CLOSE = re.compile(r"\s*\)")


def read_quantities(text: str, start: int, end: int, quantities: list[Quantity],
                    patterns: tuple[re.Pattern[str], re.Pattern[str]], capex_nearby: bool = False,
                    carried_metric: str | None = None, folded: str | None = None) -> list[Reading]:
    """Readings for the amounts of one sentence text[start:end]; unreadable amounts are dropped.
    `patterns` is chip_patterns(the index's chip aliases); `capex_nearby` says the previous sentence spoke
    of capital expenditure."""
    count_after, spend_after = patterns
    readings: list[Reading] = []
    capex_here: bool | None = None
    framed: str | bool | None = None  # the user metric a framing phrase opening the sentence names (False: none)
    frame = None
    for index, quantity in enumerate(quantities):
        lower = quantities[index - 1].end if index else start
        upper = quantities[index + 1].start if index + 1 < len(quantities) else end
        before_start = max(lower, quantity.start - 160)  # `before` below is always a prefix of the text from here
        before_full = text[before_start:quantity.start]
        qualifier, before = _qualifier(before_full)
        before = _ARTICLES.sub("", before)
        if quantity.is_money and _EXCLUDED_MONEY_BEFORE.search(before) and not (
                readings and _OWN_EARLIER_ESTIMATE.search(before)):
            continue  # analysts' estimates, stakes, fines: never a fact, not even by ellipsis
        if capex_here is None and quantity.is_money:
            capex_here = capex_nearby or capex_mentioned(text, start, end, folded)
        reading = _read_one(text, quantity, before, before_start, upper, qualifier, count_after, spend_after,
                            bool(capex_here), start, index > 0 and quantity.start - 160 < lower)
        money_before = next((q for q in reversed(quantities[:index]) if q.is_money), None) \
            if reading is None and not quantity.is_money and quantity.has_scale and index else None
        if money_before is not None and _MONEY_BEFORE.search(before) and _NO_UNIT_AFTER.match(text, quantity.end):
            # "expected to raise 4.2 billion yuan, with net proceeds estimated to reach 3.9 billion": the
            # currency of the amount before, said once.
            quantity = replace(quantity, currency=money_before.currency, usd_stated=None)
            reading = _read_one(text, quantity, before, before_start, upper, qualifier, count_after, spend_after,
                                bool(capex_here), start, quantity.start - 160 < lower)
        if reading is None:
            reading = _inherit(text, quantity, readings, upper, qualifier, before_start + len(before))
        if reading is None and not quantity.is_money and quantity.has_scale and framed is not False:
            if framed is None:
                frame = _FRAME.match(text, start, end)
                framed = _FRAME_METRICS[frame.group("metric").lower().rstrip("s")] if frame else False
            if framed and quantity.start > start + len(frame.group()) - 1 and _NO_UNIT_AFTER.match(text, quantity.end):
                # "In terms of daily active users, Doubao led with 30.2 million": the sentence names the kind once.
                reading = Reading(quantity, framed, None, quantity.start, quantity.end, qualifier, False, False, 0.7)
        if reading is None and carried_metric and not quantity.is_money and _OWN_BRACKET.search(text, start, quantity.start) \
                and _BRACKET_CLOSE.match(text, quantity.end):
            # "rivals like Google's Gemini (131.1M), DeepSeek (79.2M)": each name's figure, of the kind the
            # previous sentence counted.
            reading = Reading(quantity, carried_metric, None, quantity.start, quantity.end, qualifier, False, False, 0.65)
        if reading is not None:
            readings.append(reading)
    if len(readings) < len(quantities) and "from" in text[start:end]:
        readings = _change_starts(text, quantities, readings)
    if len(readings) < len(quantities) and "respectively" in text[start:end]:
        readings = _respective_series(text, quantities, readings, end)
    return readings


_SERIES_GAP = re.compile(r"\s*,?\s*(?:and\s+)?")
_RESPECTIVELY = re.compile(r"[^.;]{0,60}?\brespectively\b")


def _respective_series(text: str, quantities: list[Quantity], readings: list[Reading], end: int) -> list[Reading]:
    """"Amazon and Google acquired 196,000 and 169,000 units respectively": the earlier amounts of the series
    count what its last one counts (subjects.py gives each its own name)."""
    by_start = {r.quantity.start: r for r in readings}
    added = []
    for position in range(len(quantities) - 1, 0, -1):
        last = by_start.get(quantities[position].start)
        if last is None or last.inherited or not _RESPECTIVELY.match(text, last.phrase_end, end):
            continue
        for first in reversed(quantities[:position]):
            following = quantities[quantities.index(first) + 1]
            if first.start in by_start or first.is_money != last.quantity.is_money \
                    or not _SERIES_GAP.fullmatch(text, first.end, following.start):
                break
            qualifier = first.vague or ("range" if first.low is not None else "exact")
            added.append(Reading(first, last.metric, last.chip_alias, first.start, first.end, qualifier, False, True,
                                 0.7, last.quantity.start, last.basis))
    return sorted([*readings, *added], key=lambda r: r.quantity.start) if added else readings


def _change_starts(text: str, quantities: list[Quantity], readings: list[Reading]) -> list[Reading]:
    """"expanded from 400 million to 900 million monthly active users": the start of a change counts what
    its end counts (facts.py keeps it only when the sentence dates it)."""
    by_start = {r.quantity.start: r for r in readings}
    added = []
    for first, second in zip(quantities, quantities[1:], strict=False):
        end = by_start.get(second.start)
        if first.start in by_start or end is None or end.inherited or first.is_money != second.is_money:
            continue
        if _FROM_BEFORE.search(text, max(0, first.start - 40), first.start) and _TO_GAP.fullmatch(
                text, first.end, second.start):
            qualifier = first.vague or ("range" if first.low is not None else "exact")
            added.append(Reading(first, end.metric, end.chip_alias, first.start, first.end, qualifier, False, True, 0.7,
                                 second.start, end.basis))
    return sorted([*readings, *added], key=lambda r: r.quantity.start) if added else readings


def capex_mentioned(text: str, start: int, end: int, folded: str | None = None) -> bool:
    """Whether text[start:end] speaks of capital expenditure or infrastructure; `folded` is
    scanning.fold_case(text), when the caller has it."""
    return bool(_CAPEX_CONTEXT.search(text, folded, start, end))


def _read_one(text: str, quantity: Quantity, before: str, before_start: int, upper: int, qualifier: str,
              count_after: re.Pattern[str], spend_after: re.Pattern[str], capex_context: bool,
              sentence_start: int, after_another: bool = False) -> Reading | None:
    after_end = upper
    if quantity.vague:
        qualifier = quantity.vague
    if quantity.low is not None:
        qualifier = "range"
    if quantity.plus and qualifier == "exact":
        qualifier = "more than"

    def make(metric: str, phrase_start: int, phrase_end: int, strength: float,
             chip: str | None = None, target: bool = False, basis: str = "") -> Reading:
        return Reading(quantity, metric, chip, phrase_start, phrase_end, qualifier, target, False, strength, basis=basis)

    if not quantity.is_money:
        return _read_count(text, quantity, before, before_start, after_end, count_after, make, after_another)

    if quantity.value < 100_000:
        return None  # "Where to invest $1,000 right now?": never a company's funding, value or spending
    # The words just after the amount, lowercased: most of the patterns below need one of a few words there.
    tail = text[quantity.end:quantity.end + 90].lower()
    if ("sale" in tail or "secondary" in tail or "buyback" in tail or "tender offer" in tail) \
            and _SHARE_SALE_AFTER.match(text, quantity.end):
        return None  # "a $6.6 billion share sale": money changing hands between shareholders
    spend = spend_after.match(text, quantity.end)
    if spend and spend.end() <= after_end:
        basis = "order" if _ORDER_BEFORE.search(before) else "purchases"
        return make("gpu_spend", quantity.start, spend.end(), 0.9, spend.group("chip"), basis=basis)
    if ("chip" in tail or "gpu" in tail or "processor" in tail or "accelerator" in tail) and (
            _PURCHASE_COUNT_AFTER.match(text, quantity.end)):
        # "will invest $40 billion to purchase 400,000 Nvidia chips", "pay $30 billion for 300,000 GPUs"
        return make("gpu_spend", quantity.start, quantity.end, 0.85, basis="purchases")
    if ("chip" in before or "GPU" in before or "processor" in before or "accelerator" in before) \
            and _PURCHASE_COUNT_BEFORE.search(text[max(sentence_start, quantity.start - 140):quantity.start]):
        return make("gpu_spend", quantity.start, quantity.end, 0.85, basis="purchases")  # "buy 400,000 chips for $40bn"
    if _ORDER_WORDS.search(tail):
        order = _ORDER_AFTER.match(text, quantity.end)
        if order and order.end() <= after_end + 40:
            return make("gpu_spend", quantity.start, min(order.end(), after_end), 0.85, basis="order")
        cloud = _CLOUD_ORDER_AFTER.match(text, quantity.end)
        if cloud and cloud.end() <= after_end:
            return make("gpu_spend", quantity.start, cloud.end(), 0.8, basis="order")
    after = _MONEY_AFTER.match(text, quantity.end)
    found = _MONEY_BEFORE.search(before)
    if found is None and qualifier != "exact" and _VALUATION_HEDGED.search(before):
        # "a rise in valuation beyond $2 billion": the hedge ("beyond", taken off as the qualifier) was the link
        found = _MONEY_BEFORE.search("valued at ")
    elif found is None and "commitment" in before and _COMMITMENTS_TO_A_RAISE.search(before):
        # "anchored the first portion of the raise with commitments exceeding $700 million"
        found = _MONEY_BEFORE.search("raised ")
    elif found is None and qualifier != "exact" and _ROUND_HEDGED.search(before):
        # "a new round of financing exceeding $250 million": the hedge was the link
        found = _MONEY_BEFORE.search("raised ")
    capex = _capex(text, quantity, before, before_start, after_end, capex_context, found, after, tail)
    if capex is not None:
        return make("gpu_spend", *capex, basis="order" if _ORDER_BEFORE.search(before) else "capex")
    cumulative = None
    if _CUMULATIVE_WORDS.search(tail) or _CUMULATIVE_WORDS.search(before):
        cumulative = _CUMULATIVE_BEFORE.search(before) or _CUMULATIVE_AFTER.match(text, quantity.end)
    if cumulative and (_FUNDING_CONTEXT.search(before) or _FUNDING_CONTEXT.search(text, quantity.end, after_end)):
        return make("funding", quantity.start, quantity.end, 0.8, basis="cumulative")
    if found is None and tail.lstrip().startswith("mark") and _MARK_AFTER.match(text, quantity.end) \
            and _POSSESSIVE_BEFORE.search(before):
        return make("valuation", quantity.start, quantity.end + 5, 0.7, basis="funding round")
    # "$1bn round" beats any verb; "valued at $2.5bn in a funding round" is a valuation, and so is "a 2.5x
    # markup on February's $380B Series G".
    weak_after = after is not None and found is not None and (
        after.group("link") is not None or "mark" in found.group().lower())
    if after and after.end() <= after_end and not weak_after:
        metric = next(m for m in ("funding", "valuation", "revenue") if after.group(m))
        if metric == "revenue" and (_SEGMENT_REVENUE.search(text, max(sentence_start, quantity.start - 40), after.end())
                                    or _SEGMENT_SUBJECT.search(text, sentence_start, quantity.start)):
            return None
        # "Google's $2.7 billion investment": the investor's money, for whoever it went to.
        target = metric == "funding" and after.group("funding").startswith("investment") and \
            _POSSESSOR_BEFORE.search(before) is not None
        return make(metric, quantity.start, after.end(), 0.9, target=target,
                    basis=_money_basis(metric, text, sentence_start, after_end))
    if found:
        phrase_start = before_start + found.start()
        if found.group("invest"):
            return make("funding", phrase_start, quantity.end, 0.8, target=True, basis="investor share")
        metric = next(m for m in ("valuation", "funding", "revenue", "gpu_spend") if found.group(m))
        if metric == "valuation" and _VALUED_AT.match(found.group()) \
                and _ROUND_VALUED.search(text, max(sentence_start, phrase_start - 40), phrase_start):
            # "closed a round of funding valued at $250 million": what the round is worth, its size.
            return make("funding", phrase_start, quantity.end, 0.7, basis="funding round")
        if metric == "revenue" and (_SEGMENT.search(found.group()) or _SEGMENT_REVENUE.search(
                text, max(sentence_start, phrase_start - 30), quantity.start)
                or _SEGMENT_SUBJECT.search(text, sentence_start, quantity.start)):
            return None
        return make(metric, phrase_start, quantity.end, 0.85,
                    basis=_money_basis(metric, text, sentence_start, after_end, found.group()))
    return None


def _read_count(text: str, quantity: Quantity, before: str, before_start: int, after_end: int,
                count_after: re.Pattern[str],
                make, after_another: bool = False) -> Reading | None:
    if _DOWNLOADED.search(before):
        times = _TIMES.match(text, quantity.end)
        if times and times.end() <= after_end:
            return make("downloads", before_start, times.end(), 0.9)
    match = count_after.match(text, quantity.end)
    if match and match.end() <= after_end:
        if match.group("chip") or match.group("gpu"):
            return make("gpu_units", quantity.start, match.end(), 0.9, match.group("chip"))
        metric = next(m for m in ("mau", "wau", "dau", "downloads", "users") if match.group(m))
        if _not_product_users(text, quantity, before, match.end()) or (" by" in before[-20:] and _DIFFERENCE.search(before)):
            return None
        return make(metric, quantity.start, match.end(), 0.9)
    for pattern in (_USER_BEFORE, _USER_BEFORE_CN):
        found = pattern.search(before)
        if found and after_another and not before[:found.start()].strip():
            return None  # "9 million daily active users ..., a figure that rose to 35 million": the words are the first figure's
        if found:
            metric = next(m for m in ("mau", "wau", "dau", "downloads", "users") if found.group(m))
            phrase_start = before_start + found.start()
            if _not_product_users(text, quantity, text[max(0, phrase_start - 60):phrase_start + len(found.group())],
                                  quantity.end):
                return None
            return make(metric, phrase_start, quantity.end, 0.85)
    return None


def _not_product_users(text: str, quantity: Quantity, before: str, phrase_end: int) -> bool:
    if _NOT_PRODUCT_WORDS.search(text, quantity.end, quantity.end + 60) and _NOT_PRODUCT_USERS_AFTER.match(text, quantity.end):
        return True
    return bool(_NOT_PRODUCT_WORDS.search(before) and _NOT_PRODUCT_USERS_BEFORE.search(before))


# "its $13 billion investment in OpenAI": money put into a named company is that company's funding, whatever
# the sentence goes on to say about data centres.
_IN_A_COMPANY = re.compile(r"\s+(?:in|into)\s+[A-Z][a-z]\w*(?:\s+[A-Z][a-z]\w*)?(?![\w-]|\s+(?:data|infrastructure|servers?|chips?|comput))")


# "inject $3.5bn into a new venture run by Valor": money put into another business, not spent on infrastructure.
_INTO_AN_ENTITY = re.compile(r"\s*(?:in|into)\s+(?:a|an|the|its)\s+(?:new\s+|separate\s+)?(?:joint\s+)?(?:venture|company|fund"
                             r"|vehicle|entity|startup|start-up|firm|subsidiary)\b")


def _capex(text: str, quantity: Quantity, before: str, before_start: int, after_end: int, capex_context: bool,
           found: re.Match[str] | None, after: re.Match[str] | None, tail: str = "") -> tuple[int, int, float] | None:
    """(phrase start, phrase end, strength) when the amount is capital expenditure, else None."""
    capex_before = _CAPEX_BEFORE.search(before) if _CAPEX_WORDS.search(before) else None
    if capex_before:
        return before_start + capex_before.start(), quantity.end, 0.85
    if capex_context and _EXPENDITURE_BEFORE.search(before):
        return quantity.start, quantity.end, 0.75
    capex_after = _CAPEX_AFTER.match(text, quantity.end) if _CAPEX_AFTER_WORDS.search(tail) \
        and not _INTO_AN_ENTITY.match(text, quantity.end) else None
    if capex_after and capex_after.start("what") <= after_end + 40:
        spending = _SPEND_VERB.search(before) or (found is not None and found.group("invest"))
        named = capex_after.group("what").lower()
        if spending or named.startswith(("capital", "capex", "finance", "property")):
            return quantity.start, min(capex_after.end(), max(after_end, quantity.end)), 0.85
        if found is None and (after is None or after.group("funding") == "investment"):
            return quantity.start, min(capex_after.end(), max(after_end, quantity.end)), 0.75
    if capex_context and found is None and _SPENDING_PLAN_AFTER.match(text, quantity.end):
        return quantity.start, quantity.end, 0.7  # "a RMB 380 billion three-year investment plan", near capex words
    if capex_context and found is not None and found.group("invest") and re.match(r"\s*(?:\([^()]{0,40}\)\s*)?(?:in|into)\s+(?:the\s+)?[a-z]",
                                                                         text[quantity.end:after_end + 40]) \
            and not _INTO_AN_ENTITY.match(text, quantity.end):
        return quantity.start, quantity.end, 0.7  # "invest up to US$22 billion in the technology field ... infrastructure"
    if capex_context and (after is not None and after.group("funding") and after.group("funding").startswith("investment")) \
            and not _IN_A_COMPANY.match(text, after.end()):
        return quantity.start, after.end(), 0.7  # "ByteDance's $11 billion investment in 2024, the highest capital expenditure"
    if capex_context and found is None and after is None and _SPEND_VERB.search(before) and not re.search(
            r"\b(?:operating|marketing|research|R&D|acquisition|user\s+acquisition)\b", text[quantity.end:after_end]):
        return quantity.start, quantity.end, 0.7  # "It spent $6.8bn in Q4", after a sentence on capital expenditure
    return None


def _money_basis(metric: str, text: str, start: int, end: int, phrase: str = "") -> str:
    sentence = text[start:end]
    if metric == "funding":
        if _TRANCHE.search(sentence):
            return "tranche"
        if _IPO_CONTEXT.search(sentence):
            return "IPO"
        return "round"
    if metric == "valuation":
        if re.search(r"buy-?back|repurchase", sentence, re.IGNORECASE):
            return "buyback"
        if re.search(r"secondary|share\s+sale|employee\s+shares|tender\s+offer", sentence, re.IGNORECASE):
            return "secondary"
        if re.search(r"market\s+(?:cap|value)", phrase + " " + sentence, re.IGNORECASE):
            return "listing" if re.search(r"offer\s+price|IPO\s+price|issue|implied|listing", sentence, re.IGNORECASE) \
                else "market cap"
        if re.search(r"\bIPO\b|listing|offer\s+price|go(?:es|ing)?\s+public", sentence, re.IGNORECASE):
            return "listing"
        return "funding round"
    return ""


_ELLIPSIS_GAP = re.compile(
    r"\b(?:compared\s+(?:with|to)|versus|vs\.?|against|while|whereas|from|than|which\s+(?:reported|had|has|posted|bought|ordered)"
    r"|with|and|but|followed\s+by|trailed|trailing|for\s+a\s+total\s+of|outstripping|outpacing|ahead\s+of"
    r"|surpassing)\b(?:(?<=vs)\.)?[^.;]*$"  # ("vs." keeps its full stop)
    r"|\b(?:to\s+(?:pass|reach|hit|top|exceed)|and\s+reach)\b[^.]*$"
    r"|\b(?:had|has|have|reported|posted|(?:rose|fell|grew|climbed|increased|dropped|declined|jumped|surged)\s+to"
    r"|reached|hit|received|got)\s*$"
    # A dated series: "450M MAU in July, 650M by November", "$3.5 million in 2023, $30.5 million in 2024".
    r"|\A\s*(?:in|by|as\s+of|at\s+the\s+end\s+of)\s+(?:[A-Z][\w.]*(?:\s+\d{1,4})?|(?:19|20)\d\d),?\s*$"
)
# A gap that talks about spending, profit or staff introduces a different kind of figure.
_OTHER_FIGURE = re.compile(
    r"\b(?:spent|spend|spending|invest\w*|paid|pay|cost\w*|lost|loss\w*|profits?|earn\w*|employ\w*|budget\w*"
    r"|capex|charge|fine|price\w*|messages|queries|visits|tokens|prompts|searches|requests|views|sessions|videos"
    r"|images|posts|creators|works|followers|clients|employees|staff|parameters|hours)\b"
    r"|\bnumber\s+of\s+(?!users|people|subscribers)\w+"
    r"|\b(?:income|margins?|EBITDA|EPS|free\s+cash\s+flow)\b")
_ELLIPSIS_AFTER = re.compile(
    r"\s*(?:$|[,.;:)\]—–-]|(?:for|in|at|by|last|this|a|the|as|on|according|during|earlier|previously|ago|a\s+year"
    r"|of\s+(?:them|those|these|it)|more|apiece|each|and|reported|recorded|registered|posted|announced"
    r"|expected|forecast(?:ed)?|estimated|projected|guided|planned"
    r"|from(?=\s+[A-Z]))\b)"  # "followed by another $2 billion from Google": the investor
)

_FROM_BEFORE = re.compile(r"\bfrom\s+(?:about\s+|around\s+|roughly\s+|nearly\s+|some\s+|just\s+|over\s+)?(?:the\s+)?\Z")
_TO_GAP = re.compile(r"(?:\s+[\w,'’]+){0,4}?\s+to\s+(?:about\s+|around\s+|roughly\s+|nearly\s+|some\s+|over\s+)?")


def _inherit(text: str, quantity: Quantity, readings: list[Reading], upper: int, qualifier: str,
             gap_end: int | None = None) -> Reading | None:
    """Elliptical comparisons: "60 million MAU, compared with 13 million for Kimi". `gap_end` is where
    the words before the amount end, its qualifier left out ("DeepSeek had roughly 81.6 million")."""
    if not readings:
        return None
    previous = readings[-1]
    if previous.quantity.is_money != quantity.is_money:
        return None
    gap = text[previous.phrase_end:gap_end if gap_end is not None else quantity.start]
    # "downloads doubling from 1 million on Friday to 2.6 million": the end of a change counts the same thing.
    change_end = _FROM_BEFORE.search(text, max(0, previous.quantity.start - 40), previous.quantity.start) is not None \
        and _TO_GAP.fullmatch(gap) is not None
    if (len(gap) > 130 or not (change_end or _ELLIPSIS_GAP.search(gap)) or _OTHER_FIGURE.search(gap)
            or not (change_end or _ELLIPSIS_AFTER.match(text, quantity.end))):
        return None
    if previous.metric == "revenue" and _SEGMENT_REVENUE.search(gap):
        return None  # "$81.3 billion in revenue and record cloud revenue over $50 billion": a part of it
    if re.search(r"(?<!followed )\bby\s+(?:roughly\s+|about\s+|some\s+|nearly\s+)?$", gap):
        return None  # "surpassing Yuanbao by roughly 34 million": a difference, not a figure
    if quantity.vague:
        qualifier = quantity.vague
    if quantity.low is not None:
        qualifier = "range"
    return Reading(quantity, previous.metric, previous.chip_alias, quantity.start, quantity.end,
                   qualifier, False, True, 0.7, previous.quantity.start, previous.basis)


def combined_subject(text: str, start: int, end: int) -> bool:
    return bool(_COMBINED.search(text, start, end))
