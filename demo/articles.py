"""Demo health content: the metastatic breast cancer section (seed article rewritten in our own
words, with its three sources), Komen Perspectives across several years, and topics.

Runs after the other apps' demo loaders so the article's support options can point at the
locator, Family and Friends section, message boards and fact sheets when they exist.
"""

import datetime

from django.apps import apps
from wagtail.models import Locale

from demo.factories import (
    ConditionArticlePageFactory,
    ConditionIndexPageFactory,
    PerspectiveIndexPageFactory,
    PerspectivePageFactory,
    TopicIndexPageFactory,
)
from demo.utils import ensure_child, rich, stream_value
from pages.models import HealthTopic, HomePage, PerspectiveIndexPage, Source
from pages.workflows import assign_to

TOPICS = {
    "metastatic-breast-cancer": (
        "Metastatic breast cancer",
        "Breast cancer that has spread beyond the breast.",
    ),
    "treatment": ("Treatment", "How breast cancer is treated, and what to expect."),
    "support": ("Support", "Help for people with breast cancer and the people who care for them."),
    "research": ("Research", "What studies are finding, and what it means."),
}

SOURCES = [
    {
        "key": "mariotto",
        "title": "Estimation of the number of women living with metastatic breast cancer in the United States",
        "authors": "Mariotto AB, Etzioni R, Hurlbert M, Penberthy L, Mayer M",
        "publisher": "Cancer Epidemiology, Biomarkers & Prevention",
        "year": 2017,
        "details": "26(6):809-815",
        "doi": "10.1158/1055-9965.EPI-16-0889",
    },
    {
        "key": "seer",
        "title": "Cancer Stat Facts: Female Breast Cancer",
        "authors": "",
        "publisher": "National Cancer Institute, Surveillance, Epidemiology, and End Results Program",
        "year": 2024,
        "url": "https://seer.cancer.gov/statfacts/html/breast.html",
    },
    {
        "key": "eso-esmo",
        "title": "5th ESO-ESMO international consensus guidelines for advanced breast cancer (ABC 5)",
        "authors": "Cardoso F, Paluch-Shimon S, Senkus E, et al",
        "publisher": "Annals of Oncology",
        "year": 2020,
        "details": "31(12):1623-1649",
        "doi": "10.1016/j.annonc.2020.09.010",
    },
]


def cite(source, label):
    return f'<citation source="{source.pk}">[{label}]</citation>'


def ensure_sources():
    """The English sources (translations of them are made by demo.spanish)."""
    made = {}
    english = Locale.get_default()
    for data in SOURCES:
        data = dict(data)
        key = data.pop("key")
        source = Source.objects.filter(title=data["title"], locale=english).first()
        if source is None:
            source = Source.objects.create(**data)
        made[key] = source
    return made


def ensure_topics():
    made = {}
    for slug, (name, description) in TOPICS.items():
        made[slug], _ = HealthTopic.objects.get_or_create(
            slug=slug, locale=Locale.get_default(), defaults={"name": name, "description": description}
        )
    return made


def _set_topics(page, topics):
    if not page.topics.exists():
        page.topics.set(topics)
        page.save_revision().publish()


def support_page_ids():
    """Pages the support options block points to, found by type so nothing is retyped."""
    wanted = [
        ("affiliates", "AffiliateLocatorPage"),
        ("resources", "AudienceLandingPage"),
        ("forums", "ForumIndexPage"),
        ("resources", "ResourceIndexPage"),
    ]
    ids = []
    for app_label, model_name in wanted:
        try:
            model = apps.get_model(app_label, model_name)
        except LookupError:
            continue
        page = model.objects.live().first()
        if page:
            ids.append(page.pk)
    return ids


def feature_on_home(home, section):
    """Home page cards for the main sections, once (editors' choices are kept afterwards)."""
    if home.featured:
        return
    ids = [section.pk, *support_page_ids()]
    perspectives = PerspectiveIndexPage.objects.live().first()
    if perspectives:
        ids.append(perspectives.pk)
    home.featured = stream_value(
        *[("featured_page", {"page": pk, "heading": "", "summary": ""}) for pk in ids]
    )
    home.save_revision().publish()


def load(log):
    home = HomePage.objects.first()
    topics = ensure_topics()
    sources = ensure_sources()
    ensure_child(
        home,
        TopicIndexPageFactory,
        "topics",
        log,
        title="Topics",
        listing_summary="Browse our health content by topic.",
    )

    perspectives, _ = ensure_child(
        home,
        PerspectiveIndexPageFactory,
        "komen-perspectives",
        log,
        title="Komen Perspectives",
        show_in_menus=True,
        intro="Our views on research, treatment and policy, written at a point in time.",
        listing_summary="Dated opinion pieces on breast cancer research, care and policy.",
    )
    perspective_data = [
        (
            "living-with-metastatic-breast-cancer",
            "Living with metastatic breast cancer",
            datetime.date(2016, 11, 15),
            "What living with stage IV breast cancer means today, and why research must speed up.",
            ["metastatic-breast-cancer", "support"],
        ),
        (
            "clinical-trials-for-everyone",
            "Clinical trials should be open to everyone",
            datetime.date(2019, 5, 2),
            "Why broader access to clinical trials matters for people with metastatic disease.",
            ["research", "treatment"],
        ),
        (
            "the-cost-of-care",
            "The cost of care should not decide who gets treated",
            datetime.date(2022, 3, 10),
            "Out-of-pocket costs for imaging and treatment, and what would help.",
            ["treatment"],
        ),
        (
            "caregivers-need-support-too",
            "Caregivers need support too",
            datetime.date(2025, 9, 18),
            "Family and friends carry much of the load. Here is how to look after them.",
            ["support"],
        ),
    ]
    teased = None
    for slug, title, posted, summary, topic_slugs in perspective_data:
        page, created = ensure_child(
            perspectives,
            PerspectivePageFactory,
            slug,
            log,
            title=title,
            posting_date=posted,
            author="Susan G. Komen",
            summary=summary,
            body=stream_value(
                ("paragraph", rich(summary, "This piece reflects what was known when it was posted.")),
                (
                    "paragraph",
                    rich(
                        "People affected by breast cancer deserve care that is timely, affordable and based on the "
                        "best evidence. We will keep pressing for research and policies that make that possible."
                    ),
                ),
            ),
        )
        if created:
            _set_topics(page, [topics[s] for s in topic_slugs])
        teased = teased or page

    section, created = ensure_child(
        home,
        ConditionIndexPageFactory,
        "metastatic-breast-cancer",
        log,
        title="Metastatic Breast Cancer",
        show_in_menus=True,
        intro="Information for people living with metastatic (stage IV) breast cancer and those who support them.",
        listing_summary="What metastatic breast cancer is, how it is treated, and where to find support.",
    )
    if created:
        assign_to(section)
    reviewed = datetime.date(2026, 6, 1)
    short_articles = {}
    for slug, title, summary, text in [
        (
            "breast-cancer-recurrence",
            "Breast cancer recurrence",
            "When breast cancer comes back after treatment, and what that means.",
            "A recurrence is breast cancer that returns after treatment. It can come back in the same breast, "
            "in nearby lymph nodes, or in other parts of the body (a distant recurrence).",
        ),
        (
            "treatment-for-metastatic-breast-cancer",
            "Treatment for metastatic breast cancer",
            "How treatment is chosen, and the goals of care.",
            "Treatment aims to control the cancer for as long as possible while keeping the best quality of life. "
            "Options depend on the tumor's biology, where it has spread, symptoms and past treatment.",
        ),
        (
            "symptom-management-and-supportive-care",
            "Symptom management and supportive care",
            "Managing pain, fatigue and other symptoms alongside treatment.",
            "Supportive (palliative) care eases symptoms and side effects at any stage, alongside treatment.",
        ),
        (
            "support-groups",
            "Support groups and other sources of support",
            "Finding people who understand, in person or online.",
            "Support groups let people share experiences and practical tips. Many meet online as well as in person.",
        ),
    ]:
        short_articles[slug], created = ensure_child(
            section,
            ConditionArticlePageFactory,
            slug,
            log,
            title=title,
            summary=summary,
            last_reviewed=reviewed,
            reviewed_by="Komen medical review team",
            body=stream_value(("paragraph", rich(text))),
        )
        if created:
            _set_topics(short_articles[slug], [topics["metastatic-breast-cancer"]])

    m, s, e = sources["mariotto"], sources["seer"], sources["eso-esmo"]
    body = stream_value(
        ("heading", {"text": "What is metastatic breast cancer?", "level": "h2"}),
        (
            "paragraph",
            rich(
                "Metastatic breast cancer, also called stage IV or advanced breast cancer, is the most advanced stage "
                "of breast cancer rather than a separate type of it.",
                "It is breast cancer that has spread from the breast to other organs, most often the bones, lungs, "
                "liver or brain.",
                "Even after it spreads, it is still breast cancer and is treated as breast cancer. Cancer that has "
                "spread to the bones, for example, is treated with breast cancer drugs, not with treatments for "
                "cancers that start in the bones.",
            ),
        ),
        (
            "statistic",
            {
                "figure": "154,000+",
                "description": rich(
                    f"people in the U.S. are estimated to be living with metastatic breast cancer {cite(m, 'Mariotto 2017')}."
                ),
            },
        ),
        (
            "paragraph",
            rich(
                "For some people, breast cancer is already metastatic when it is first found. This is called de novo "
                f"metastatic breast cancer, and in the U.S. it is uncommon: about 6 percent of diagnoses {cite(s, 'SEER')}.",
                "More often, metastatic breast cancer appears months or years after treatment for early or locally "
                "advanced breast cancer. This is sometimes called a distant recurrence.",
            ),
        ),
        (
            "learn_more",
            {
                "page": short_articles["breast-cancer-recurrence"].pk,
                "text": "Learn more about breast cancer recurrence.",
            },
        ),
        (
            "perspective_teaser",
            {
                "perspective": teased.pk,
                "text": "Read our perspective on living with metastatic breast cancer",
            },
        ),
        ("heading", {"text": "Treatment", "level": "h2"}),
        (
            "paragraph",
            rich(
                "There is no cure for metastatic breast cancer yet, but it can be treated. Treatment focuses on both "
                "length and quality of life.",
                "Treatment choices depend on many things, including:</p><ul><li>the biology of the tumor (what the "
                "cancer cells are like)</li><li>where the cancer has spread</li><li>symptoms</li><li>past breast "
                "cancer treatments</li></ul><p>Your care team will talk these through with you.",
            ),
        ),
        (
            "learn_more",
            {
                "page": short_articles["treatment-for-metastatic-breast-cancer"].pk,
                "text": "Learn more about treatment for metastatic breast cancer.",
            },
        ),
        (
            "learn_more",
            {
                "page": short_articles["symptom-management-and-supportive-care"].pk,
                "text": "Learn about symptom management and supportive care.",
            },
        ),
        (
            "learn_more",
            {
                "page": short_articles["support-groups"].pk,
                "text": "Learn about support groups and other sources of support.",
            },
        ),
        ("heading", {"text": "Survival", "level": "h2"}),
        (
            "paragraph",
            rich(
                "How long people live with metastatic breast cancer differs a great deal from one person to another.",
                "Among women in the U.S. living with metastatic breast cancer today, about 34 percent are estimated to "
                f"have lived with it for at least 5 years since diagnosis {cite(m, 'Mariotto 2017')}.",
                "Newer treatments keep improving survival for most people diagnosed today, and some live 10 years or "
                f"longer after diagnosis {cite(e, 'ESO-ESMO ABC 5')}.",
            ),
        ),
        (
            "support_options",
            {"heading": "Support and resources", "show_helpline": True, "pages": support_page_ids()},
        ),
    )
    article, created = ensure_child(
        section,
        ConditionArticlePageFactory,
        "metastatic-breast-cancer-stage-iv",
        log,
        title="Metastatic breast cancer – stage IV",
        summary="Metastatic breast cancer has spread beyond the breast to other parts of the body. It cannot be "
        "cured yet, but it can be treated, and many people live with it for years.",
        last_reviewed=reviewed,
        reviewed_by="Komen medical review team",
        body=body,
    )
    if created:
        _set_topics(article, [topics["metastatic-breast-cancer"], topics["treatment"]])
    feature_on_home(home, section)
    ensure_child(
        section,
        ConditionArticlePageFactory,
        "living-well-with-metastatic-breast-cancer",
        log,
        title="Living well with metastatic breast cancer",
        summary="Everyday life, work and relationships while living with metastatic breast cancer.",
        last_reviewed=datetime.date(2024, 9, 1),
        next_review_due=datetime.date(2025, 9, 1),
        reviewed_by="Komen medical review team",
        body=stream_value(
            (
                "paragraph",
                rich("Many people keep working, travelling and spending time with family during treatment."),
            )
        ),
    )
