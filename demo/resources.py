"""Demo content for resources: the helpline setting, the resources library and the
Family and friends section. Creates only what is missing; never overwrites editors' changes."""

import datetime as dt
from pathlib import Path

from django.core.files import File
from django.utils.text import slugify
from wagtail.models import Site

from demo.factories import AudienceLandingPageFactory, ResourceIndexPageFactory, StandardPageFactory
from demo.factories.resources import DocumentFactory, ResourceFactory
from demo.utils import ensure_child, rich, stream_value
from forums.models import BoardPage
from pages.models import HomePage
from resources.models import (
    Audience,
    AudienceLandingResource,
    HelplineHours,
    HelplineSettings,
    Language,
    Resource,
    ResourceType,
)

DOCUMENTS_DIR = Path(__file__).resolve().parent / "data" / "documents"

# (title, type, audience, language, topics, summary, link or None for the PDF in data/documents/)
RESOURCES = [
    (
        "Breast cancer basics",
        ResourceType.FACT_SHEET,
        Audience.PATIENTS,
        Language.ENGLISH,
        ["Diagnosis", "Breast cancer basics"],
        "What breast cancer is, how it is found and the words you are likely to hear at your first appointments.",
        None,
    ),
    (
        "Questions to ask your doctor after a diagnosis",
        ResourceType.FACT_SHEET,
        Audience.PATIENTS,
        Language.ENGLISH,
        ["Diagnosis", "Talking with your care team"],
        "A printable list of questions to take to appointments, with space to write the answers.",
        None,
    ),
    (
        "Cáncer de mama: información básica",
        ResourceType.FACT_SHEET,
        Audience.PATIENTS,
        Language.SPANISH,
        ["Diagnosis", "Breast cancer basics"],
        "Una introducción clara al cáncer de mama: qué es, cómo se detecta y qué preguntar al equipo médico.",
        None,
    ),
    (
        "Living with metastatic breast cancer",
        ResourceType.BOOKLET,
        Audience.PATIENTS,
        Language.ENGLISH,
        ["Metastatic breast cancer", "Treatment"],
        "A booklet for people with stage IV breast cancer about treatment goals, managing symptoms and "
        "finding support.",
        None,
    ),
    (
        "Helping a loved one through treatment",
        ResourceType.BOOKLET,
        Audience.FAMILY,
        Language.ENGLISH,
        ["Caregiving", "Treatment"],
        "Practical ideas for partners, relatives and friends: what to say, how to help at home and "
        "how to look after yourself.",
        None,
    ),
    (
        "Talking with children about a parent's breast cancer",
        ResourceType.FACT_SHEET,
        Audience.FAMILY,
        Language.ENGLISH,
        ["Caregiving", "Family"],
        "How to explain a diagnosis to children of different ages, and signs that a child may need extra support.",
        None,
    ),
    (
        "Caregiver self-care",
        ResourceType.VIDEO,
        Audience.FAMILY,
        Language.ENGLISH,
        ["Caregiving"],
        "A short video in which caregivers share how they made time for their own health and found support.",
        "https://www.komen.org/",
    ),
    (
        "Clinical trial search tool",
        ResourceType.WEB_TOOL,
        Audience.PATIENTS,
        Language.ENGLISH,
        ["Clinical trials", "Treatment"],
        "Search registered breast cancer clinical trials by location and eligibility, then discuss "
        "the results with your doctor.",
        "https://clinicaltrials.gov/",
    ),
    (
        "Screening and risk: a guide for primary care teams",
        ResourceType.FACT_SHEET,
        Audience.PROFESSIONALS,
        Language.ENGLISH,
        ["Screening", "Risk"],
        "A one-page summary of breast cancer risk assessment and screening conversations for clinicians.",
        None,
    ),
    (
        "Understanding lymphedema",
        ResourceType.FACT_SHEET,
        Audience.PATIENTS,
        Language.ENGLISH,
        ["Lymphedema", "Side effects"],
        "What lymphedema is, early signs to watch for after surgery or radiation, and how it is treated.",
        None,
    ),
]

FAMILY_RESOURCE_TITLES = [
    "Helping a loved one through treatment",
    "Talking with children about a parent's breast cancer",
    "Caregiver self-care",
    "Breast cancer basics",
]


def ensure_helpline(site, log):
    helpline = HelplineSettings.for_site(site)
    if not helpline.note:
        helpline.note = (
            "Free, professional support for anyone with breast cancer questions or concerns, "
            "including people with metastatic breast cancer and their families."
        )
        helpline.save()
    if not helpline.hours.exists():
        # Monday to Friday, 9:00 a.m. to 10:00 p.m. Eastern time (6:00 a.m. to 7:00 p.m. Pacific).
        for weekday in range(5):
            HelplineHours.objects.create(
                setting=helpline, weekday=weekday, opens=dt.time(9), closes=dt.time(22), sort_order=weekday
            )
        log("  filled the helpline opening hours")


def ensure_resources(log):
    created = 0
    for title, kind, audience, language, topics, summary, link in RESOURCES:
        if Resource.objects.filter(title=title).exists():
            continue
        document = None
        if link is None:
            path = DOCUMENTS_DIR / f"{slugify(title)[:80]}.pdf"
            with path.open("rb") as handle:
                document = DocumentFactory(title=title, file=File(handle, name=path.name))
        ResourceFactory(
            title=title,
            summary=summary,
            resource_type=kind,
            audience=audience,
            language=language,
            last_reviewed=dt.date(2026, 9, 15),
            document=document,
            url=link or "",
            topics=topics,
        )
        created += 1
    if created:
        log(f"  created {created} resources")


def find_caregivers_board():
    """The caregivers' message board, if the boards' demo has made one (it loads first)."""
    return BoardPage.objects.live().filter(title__icontains="caregiver").order_by("path").first()


def load(log):
    site = Site.objects.get(is_default_site=True)
    ensure_helpline(site, log)
    ensure_resources(log)

    home = HomePage.objects.first()
    if home is None:
        return
    helpline_block = ("helpline", {"heading": "Talk to someone", "text": "", "show_hours": True})
    ensure_child(
        home,
        ResourceIndexPageFactory,
        "fact-sheets-and-booklets",
        log,
        title="Fact sheets and booklets",
        show_in_menus=True,
        listing_summary="Free, medically reviewed materials to read online, download or print.",
        intro=stream_value(
            (
                "paragraph",
                rich(
                    "Our fact sheets, booklets, videos and tools explain breast cancer in plain language. "
                    "Filter by topic, by who they are written for or by language."
                ),
            ),
            helpline_block,
        ),
    )

    family, created = ensure_child(
        home,
        AudienceLandingPageFactory,
        "family-and-friends",
        log,
        title="Family and friends",
        show_in_menus=True,
        audience=Audience.FAMILY,
        listing_summary="Support for partners, relatives, friends and caregivers of someone with breast cancer.",
        intro="When someone you love has breast cancer, you need information and support too. "
        "Start here for practical guides, materials to share and people who understand.",
        body=stream_value(helpline_block),
    )
    if created:
        by_title = {r.title: r for r in Resource.objects.filter(title__in=FAMILY_RESOURCE_TITLES)}
        for order, title in enumerate(FAMILY_RESOURCE_TITLES):
            if title in by_title:
                AudienceLandingResource.objects.create(
                    page=family, resource=by_title[title], sort_order=order
                )
    ensure_child(
        family,
        StandardPageFactory,
        "supporting-someone-with-breast-cancer",
        log,
        title="Supporting someone with breast cancer",
        listing_summary="What to say, what to do and how to offer help that is really helpful.",
        intro="There is no perfect thing to say. Being present and following their lead matters most.",
        body=stream_value(
            ("heading", {"text": "Ways to help", "level": "h2"}),
            (
                "paragraph",
                rich(
                    "Offer specific help, such as driving to an appointment or cooking a meal, rather than "
                    "a general 'let me know if you need anything'.",
                    "Keep inviting them to things they enjoy, and accept that plans may change.",
                ),
            ),
        ),
    )
    ensure_child(
        family,
        StandardPageFactory,
        "caring-for-yourself",
        log,
        title="Caring for yourself as a caregiver",
        listing_summary="Looking after your own health and feelings while you care for someone else.",
        intro="Caregivers often put their own needs last. Rest, support and time for yourself help you "
        "keep going.",
    )
    if family.message_board_id is None:
        board = find_caregivers_board()
        if board is not None:
            family.message_board = board
            family.save_revision().publish()
            log(f"  linked the Family and friends section to the '{board.title}' message board")
