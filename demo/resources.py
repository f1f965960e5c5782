"""Demo content for resources: the helpline setting, the resources library and the
Family and friends section. Creates only what is missing; never overwrites editors' changes."""

import datetime as dt
import textwrap

from django.core.files.base import ContentFile
from django.utils.text import slugify
from wagtail.documents import get_document_model
from wagtail.models import Collection, Site

from pages.demo_utils import ensure_child, rich, stream_value
from pages.models import HomePage, StandardPage
from resources.models import (
    Audience,
    AudienceLandingPage,
    AudienceLandingResource,
    HelplineHours,
    HelplineSettings,
    Language,
    Resource,
    ResourceIndexPage,
    ResourceType,
)

# (title, type, audience, language, topics, summary, link or None for a generated PDF, PDF text)
RESOURCES = [
    (
        "Breast cancer basics",
        ResourceType.FACT_SHEET,
        Audience.PATIENTS,
        Language.ENGLISH,
        ["Diagnosis", "Breast cancer basics"],
        "What breast cancer is, how it is found and the words you are likely to hear at your first appointments.",
        None,
        [
            "Breast cancer starts when cells in the breast grow out of control.",
            "Most breast lumps are not cancer, but any change should be checked by a health care provider.",
            "Your care team will use tests such as imaging and a biopsy to learn the type and stage.",
        ],
    ),
    (
        "Questions to ask your doctor after a diagnosis",
        ResourceType.FACT_SHEET,
        Audience.PATIENTS,
        Language.ENGLISH,
        ["Diagnosis", "Talking with your care team"],
        "A printable list of questions to take to appointments, with space to write the answers.",
        None,
        [
            "What type of breast cancer do I have, and what stage is it?",
            "What treatments do you recommend, and why?",
            "Who should I call if I have questions between visits?",
        ],
    ),
    (
        "Cáncer de mama: información básica",
        ResourceType.FACT_SHEET,
        Audience.PATIENTS,
        Language.SPANISH,
        ["Diagnosis", "Breast cancer basics"],
        "Una introducción clara al cáncer de mama: qué es, cómo se detecta y qué preguntar al equipo médico.",
        None,
        [
            "El cáncer de mama comienza cuando las células de la mama crecen sin control.",
            "La mayoría de los bultos en la mama no son cáncer, pero cualquier cambio se debe revisar.",
        ],
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
        [
            "Metastatic breast cancer has spread beyond the breast and nearby lymph nodes.",
            "Treatment aims to control the cancer and keep you feeling as well as possible for as long as possible.",
            "Many people live with metastatic breast cancer for years, and new treatments keep arriving.",
        ],
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
        [
            "Ask what would help most this week instead of guessing.",
            "Offer specific help: a ride to treatment, a meal, an hour of childcare.",
            "Caregivers need rest too. Accepting help from others is part of caring well.",
        ],
    ),
    (
        "Talking with children about a parent's breast cancer",
        ResourceType.FACT_SHEET,
        Audience.FAMILY,
        Language.ENGLISH,
        ["Caregiving", "Family"],
        "How to explain a diagnosis to children of different ages, and signs that a child may need extra support.",
        None,
        [
            "Children often sense when something is wrong; honest, simple words help them feel safe.",
            "Tell them who will take care of them and what will stay the same.",
        ],
    ),
    (
        "Caregiver self-care",
        ResourceType.VIDEO,
        Audience.FAMILY,
        Language.ENGLISH,
        ["Caregiving"],
        "A short video in which caregivers share how they made time for their own health and found support.",
        "https://www.komen.org/",
        [],
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
        [],
    ),
    (
        "Screening and risk: a guide for primary care teams",
        ResourceType.FACT_SHEET,
        Audience.PROFESSIONALS,
        Language.ENGLISH,
        ["Screening", "Risk"],
        "A one-page summary of breast cancer risk assessment and screening conversations for clinicians.",
        None,
        [
            "Ask every patient about family history of breast, ovarian, prostate and pancreatic cancer.",
            "Discuss the benefits and limits of screening, and agree a plan that fits the patient's risk.",
        ],
    ),
    (
        "Understanding lymphedema",
        ResourceType.FACT_SHEET,
        Audience.PATIENTS,
        Language.ENGLISH,
        ["Lymphedema", "Side effects"],
        "What lymphedema is, early signs to watch for after surgery or radiation, and how it is treated.",
        None,
        [
            "Lymphedema is swelling caused by a build-up of lymph fluid, often in the arm or hand.",
            "Tell your care team early about tightness, heaviness or swelling.",
        ],
    ),
]

FAMILY_RESOURCE_TITLES = [
    "Helping a loved one through treatment",
    "Talking with children about a parent's breast cancer",
    "Caregiver self-care",
    "Breast cancer basics",
]


def simple_pdf(title, paragraphs):
    """A small, valid one-page PDF (Helvetica text), so the demo needs no binary files."""

    def escape(text):
        return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    ops = ["BT", "/F1 18 Tf", "72 720 Td", f"({escape(title)}) Tj", "/F1 11 Tf", "0 -30 Td"]
    for paragraph in paragraphs:
        for line in textwrap.wrap(paragraph, 90):
            ops += [f"({escape(line)}) Tj", "0 -16 Td"]
        ops.append("0 -8 Td")
    ops += ["(Demo content from the komensite project.) Tj", "ET"]
    stream = "\n".join(ops).encode("cp1252", "replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref_at = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref_at)
    return bytes(out)


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
    Document = get_document_model()
    collection = Collection.get_first_root_node()
    created = 0
    for title, kind, audience, language, topics, summary, link, text in RESOURCES:
        if Resource.objects.filter(title=title).exists():
            continue
        document = None
        if link is None:
            document = Document(
                title=title,
                collection=collection,
                file=ContentFile(simple_pdf(title, text), name=f"{slugify(title)[:80]}.pdf"),
            )
            document._set_document_file_metadata()
            document.save()
        resource = Resource(
            title=title,
            summary=summary,
            resource_type=kind,
            audience=audience,
            language=language,
            last_reviewed=dt.date(2026, 9, 15),
            document=document,
            url=link or "",
        )
        resource.full_clean()
        resource.topics.add(*topics)
        resource.save()
        created += 1
    if created:
        log(f"  created {created} resources")


def find_caregivers_board():
    """The caregivers' message board, if the boards app has made one (its demo loads first)."""
    from django.apps import apps

    try:
        board_model = apps.get_model("forums", "BoardPage")
    except LookupError:
        return None
    return board_model.objects.live().filter(title__icontains="caregiver").order_by("path").first()


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
        ResourceIndexPage,
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
        AudienceLandingPage,
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
        StandardPage,
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
        StandardPage,
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
