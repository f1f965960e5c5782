"""Spanish demo content (issue 20): the pages a Spanish-speaking visitor reaches first.

Each page is a translation of its English source (same `translation_key`, so the language
switcher and hreflang link them), written here in Spanish rather than machine-translated.
Facts and figures carry over from the English seed article and its citations point at the
same `Source` snippets, which have Spanish translations (shown on Spanish pages), like the
health topics and the topics page. Runs last: every English source page exists by then.
"""

from django.contrib.auth.models import Group
from django.db import transaction
from wagtail.models import Locale, Site

from affiliates.models import AffiliateLocatorPage
from demo import glossary as demo_glossary
from demo.articles import cite, ensure_sources, ensure_topics
from demo.factories.forums import BoardPageFactory
from demo.forums import _ensure_member as ensure_member
from demo.utils import ensure_child, rich, stream_value
from forums.models import BoardPage, ForumIndexPage, ForumSettings
from pages.models import (
    ConditionArticlePage,
    ConditionIndexPage,
    GlossaryPage,
    HomePage,
    PerspectiveIndexPage,
    PerspectivePage,
    SiteSettings,
    TopicIndexPage,
)
from pages.workflows import assign_to
from resources.models import AudienceLandingPage, HelplineSettings

SPANISH = "es"
SEED_ARTICLE_SLUG = "metastatic-breast-cancer-stage-iv"
PERSPECTIVE_SLUG = "living-with-metastatic-breast-cancer"
SPANISH_MODERATOR = ("mod.espanol.demo@example.org", "ModeradoraEspanol")
HELPLINE_NOTE_ES = (
    "Apoyo profesional y gratuito para cualquier persona con preguntas o inquietudes sobre el cáncer de "
    "seno, incluidas las personas con cáncer de seno metastásico y sus familias. Atención en español."
)
CRISIS_NOTICE_ES = (
    "Si está en crisis o piensa en hacerse daño, llame o envíe un mensaje de texto al 988 (Línea de "
    "Prevención del Suicidio y Crisis; para español, oprima el 2) o llame al 911 ahora. Nuestros moderadores "
    "son voluntarios y no vigilan los foros a toda hora."
)


# The demo's health topics in Spanish: (name, slug, description) by English slug.
TOPICS = {
    "metastatic-breast-cancer": (
        "Cáncer de seno metastásico",
        "cancer-de-seno-metastasico",
        "Cáncer de seno que se ha extendido más allá del seno.",
    ),
    "treatment": ("Tratamiento", "tratamiento", "Cómo se trata el cáncer de seno y qué puede esperar."),
    "support": (
        "Apoyo",
        "apoyo",
        "Ayuda para las personas con cáncer de seno y para quienes las acompañan y las cuidan.",
    ),
    "research": (
        "Investigación",
        "investigacion",
        "Lo que están descubriendo los estudios y lo que significa.",
    ),
}

# The seed article's sources in Spanish: journal titles stay as published; the SEER web page
# gets a Spanish title, its publisher's Spanish name and a note that the page is in English.
SOURCE_OVERRIDES = {
    "mariotto": {},
    "seer": {
        "title": "Datos estadísticos del cáncer: cáncer de seno femenino",
        "publisher": "Instituto Nacional del Cáncer, Programa de Vigilancia, Epidemiología y Resultados Finales (SEER)",
        "note": "En inglés.",
    },
    "eso-esmo": {},
}


def translate_snippet(snippet, locale, log, **fields):
    """The Spanish translation of a snippet, made (with `fields` set) if missing; editors'
    later changes are kept."""
    existing = snippet.get_translation_or_none(locale)
    if existing is not None:
        return existing
    translated = snippet.copy_for_translation(locale)
    for name, value in fields.items():
        setattr(translated, name, value)
    translated.save()
    if log:
        log(f"  translated {snippet._meta.verbose_name} '{snippet}' into Spanish: '{translated}'")
    return translated


def translate_taxonomy(locale, log):
    for slug, topic in ensure_topics().items():
        name, spanish_slug, description = TOPICS[slug]
        translate_snippet(topic, locale, log, name=name, slug=spanish_slug, description=description)
    for key, source in ensure_sources().items():
        translate_snippet(source, locale, log, **SOURCE_OVERRIDES[key])


def translate(page, locale, log, **fields):
    """The Spanish translation of `page`, made (with `fields` set) and published if missing."""
    existing = page.get_translation_or_none(locale)
    if existing is not None:
        return existing.specific, False
    translated = page.copy_for_translation(locale, copy_parents=False)
    for name, value in fields.items():
        setattr(translated, name, value)
    translated.save()
    translated.save_revision().publish()
    if log:
        log(f"  translated '{page.title}' into Spanish: '{translated.title}' at {translated.url_path}")
    return translated, True


def _article_body(sources):
    m, s, e = sources["mariotto"], sources["seer"], sources["eso-esmo"]
    return stream_value(
        ("heading", {"text": "¿Qué es el cáncer de seno metastásico?", "level": "h2"}),
        (
            "paragraph",
            rich(
                "El cáncer de seno metastásico, también llamado cáncer de seno en estadio IV o avanzado, no es un "
                "tipo distinto de cáncer de seno: es su etapa más avanzada.",
                "Es un cáncer que se ha extendido desde el seno a otros órganos, con mayor frecuencia a los huesos, "
                "los pulmones, el hígado o el cerebro.",
                "Aunque se haya extendido, sigue siendo cáncer de seno y se trata como tal. Si llega a los huesos, "
                "por ejemplo, se trata con medicamentos para el cáncer de seno, no con tratamientos para los "
                "cánceres que empiezan en el hueso.",
            ),
        ),
        (
            "statistic",
            {
                "figure": "Más de 154.000",
                "description": rich(
                    "personas en los Estados Unidos viven con cáncer de seno metastásico, según las estimaciones "
                    f"{cite(m, 'Mariotto 2017')}."
                ),
            },
        ),
        (
            "paragraph",
            rich(
                "En algunas personas, el cáncer de seno ya es metastásico cuando se detecta por primera vez. A esto "
                "se le llama cáncer de seno metastásico de novo y en los Estados Unidos es poco frecuente: alrededor "
                f"del 6 por ciento de los diagnósticos {cite(s, 'SEER')}.",
                "Con más frecuencia, el cáncer de seno metastásico aparece meses o años después del tratamiento de "
                "un cáncer de seno temprano o localmente avanzado. A veces se le llama recurrencia a distancia.",
            ),
        ),
        ("heading", {"text": "Tratamiento", "level": "h2"}),
        (
            "paragraph",
            rich(
                "Todavía no hay cura para el cáncer de seno metastásico, pero sí hay tratamiento. El objetivo es "
                "vivir más tiempo y con la mejor calidad de vida posible.",
                "Las opciones de tratamiento dependen de muchos factores, entre ellos:</p><ul><li>la biología del "
                "tumor (cómo son las células del cáncer)</li><li>a qué partes del cuerpo se ha extendido</li><li>los "
                "síntomas</li><li>los tratamientos que ya recibió</li></ul><p>Su equipo médico le explicará cada "
                "opción.",
            ),
        ),
        ("heading", {"text": "Supervivencia", "level": "h2"}),
        (
            "paragraph",
            rich(
                "El tiempo que una persona vive con cáncer de seno metastásico varía mucho de una persona a otra.",
                "Entre las mujeres de los Estados Unidos que hoy viven con cáncer de seno metastásico, se estima que "
                f"alrededor del 34 por ciento lo tiene desde hace al menos 5 años {cite(m, 'Mariotto 2017')}.",
                "Los tratamientos más recientes siguen mejorando la supervivencia de la mayoría de las personas "
                f"diagnosticadas hoy, y algunas viven 10 años o más después del diagnóstico {cite(e, 'ESO-ESMO ABC 5')}.",
            ),
        ),
        ("support_options", {"heading": "Apoyo y recursos", "show_helpline": True, "pages": []}),
    )


@transaction.atomic
def _ensure_board_moderator(board, log):
    """Every demo board has its own moderator, like the English ones (demo.forums)."""
    board = BoardPage.objects.get(pk=board.pk)
    if board.moderator_group_id is None:
        board.moderator_group, _ = Group.objects.get_or_create(name=f"Moderators: {board.title}")
        board.save_revision().publish()
        log(f"  created moderator group for {board.title}")
    ensure_member(*SPANISH_MODERATOR).groups.add(board.moderator_group)


FOOTER_TEXT_ES = (
    "Este sitio ofrece información general, no consejos médicos. Hable con su proveedor de atención "
    "médica sobre su situación."
)


def _fill_spanish_settings(log):
    """The helpline's note, the footer statement and the boards' crisis notice in Spanish, where
    editors left them empty (the tagline and default description use the standard Spanish text)."""
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return
    helpline = HelplineSettings.for_site(site)
    if not helpline.note_es:
        helpline.note_es = HELPLINE_NOTE_ES
        helpline.save()
        log("  wrote the helpline note in Spanish")
    site_settings = SiteSettings.for_site(site)
    if not site_settings.footer_text_es:
        site_settings.footer_text_es = FOOTER_TEXT_ES
        site_settings.save()
        log("  wrote the footer statement in Spanish")
    forum_settings = ForumSettings.for_site(site)
    if not forum_settings.crisis_notice_es:
        forum_settings.crisis_notice_es = CRISIS_NOTICE_ES
        forum_settings.save()
        log("  wrote the boards' crisis notice in Spanish")


def load(log):
    locale, _ = Locale.objects.get_or_create(language_code=SPANISH)
    _fill_spanish_settings(log)
    home = HomePage.objects.filter(locale__language_code="en").first() or HomePage.objects.first()
    if home is None:
        return None
    home_es, _ = translate(
        home,
        locale,
        log,
        title="Inicio",
        hero_heading="Apoyo e información para todas las personas que enfrentan el cáncer de seno",
        hero_text="Información confiable y revisada por profesionales médicos, una línea de ayuda gratuita, "
        "Afiliados locales y una comunidad de personas que le entienden.",
        featured=[],
    )
    made = [home_es]
    translate_taxonomy(locale, log)

    topics = TopicIndexPage.objects.filter(locale=home.locale).first()
    if topics is not None:
        translate(
            topics,
            locale,
            log,
            title="Temas",
            slug="temas",
            listing_summary="Explore nuestro contenido de salud por tema.",
        )

    section = ConditionIndexPage.objects.filter(locale=home.locale, slug="metastatic-breast-cancer").first()
    if section is not None:
        section_es, created = translate(
            section,
            locale,
            log,
            title="Cáncer de seno metastásico",
            intro="Información para las personas que viven con cáncer de seno metastásico (estadio IV) y para "
            "quienes las acompañan.",
            listing_summary="Qué es el cáncer de seno metastásico, cómo se trata y dónde encontrar apoyo.",
        )
        if created:
            # Translations of health content go through the same medical review as the English.
            assign_to(section_es)
        article = ConditionArticlePage.objects.filter(locale=home.locale, slug=SEED_ARTICLE_SLUG).first()
        if article is not None:
            sources = ensure_sources()
            if sources:
                article_es, _ = translate(
                    article,
                    locale,
                    log,
                    title="Cáncer de seno metastásico (estadio IV)",
                    summary="El cáncer de seno metastásico se ha extendido más allá del seno a otras partes del "
                    "cuerpo. Todavía no tiene cura, pero sí tratamiento, y muchas personas viven con él durante años.",
                    body=_article_body(sources),
                    last_reviewed=article.last_reviewed,
                    next_review_due=article.next_review_due,
                )
                made.append(article_es)
        made.append(section_es)

    perspectives = PerspectiveIndexPage.objects.filter(locale=home.locale).first()
    if perspectives is not None:
        perspectives_es, _ = translate(
            perspectives,
            locale,
            log,
            title="Perspectivas de Komen",
            intro="Nuestra opinión sobre la investigación, el tratamiento y las políticas de salud, escrita en un "
            "momento determinado.",
            listing_summary="Artículos de opinión fechados sobre la investigación, la atención y las políticas "
            "del cáncer de seno.",
        )
        perspective = PerspectivePage.objects.filter(locale=home.locale, slug=PERSPECTIVE_SLUG).first()
        if perspective is not None:
            summary = (
                "Qué significa hoy vivir con cáncer de seno en estadio IV y por qué la investigación debe avanzar "
                "más rápido."
            )
            translate(
                perspective,
                locale,
                log,
                title="Vivir con cáncer de seno metastásico",
                summary=summary,
                body=stream_value(
                    ("paragraph", rich(summary, "Este artículo refleja lo que se sabía cuando se publicó.")),
                    (
                        "paragraph",
                        rich(
                            "Las personas afectadas por el cáncer de seno merecen una atención oportuna, asequible "
                            "y basada en la mejor evidencia. Seguiremos impulsando la investigación y las políticas "
                            "que lo hagan posible."
                        ),
                    ),
                ),
            )
        made.append(perspectives_es)

    locator = AffiliateLocatorPage.objects.filter(locale=home.locale).first()
    if locator is not None:
        locator_es, _ = translate(
            locator,
            locale,
            log,
            title="Encuentre su Afiliado local",
            listing_summary="Los Afiliados locales financian pruebas de detección, ayuda con el tratamiento y "
            "educación donde usted vive.",
            intro="Los Afiliados locales financian pruebas de detección, ayuda con el tratamiento y educación en "
            "sus comunidades. Busque por código postal (ZIP), ciudad o estado para encontrar el que le atiende.",
        )
        made.append(locator_es)

    family = AudienceLandingPage.objects.filter(locale=home.locale, slug="family-and-friends").first()
    if family is not None:
        family_es, _ = translate(
            family,
            locale,
            log,
            title="Familiares y amigos",
            listing_summary="Apoyo para parejas, familiares, amistades y cuidadores de una persona con cáncer de seno.",
            intro="Cuando una persona a quien usted quiere tiene cáncer de seno, usted también necesita información "
            "y apoyo. Empiece aquí: guías prácticas, materiales para compartir y personas que le entienden.",
        )
        made.append(family_es)

    boards = ForumIndexPage.objects.filter(locale=home.locale).first()
    if boards is not None:
        boards_es, _ = translate(
            boards,
            locale,
            log,
            title="Foros de conversación",
            listing_summary="Comparta experiencias con personas que le entienden.",
            intro="Converse con otras personas afectadas por el cáncer de seno. Voluntarios capacitados moderan "
            "los foros. Las publicaciones comparten experiencias personales, no consejos médicos.",
        )
        board_es, _ = ensure_child(
            boards_es,
            BoardPageFactory,
            "en-espanol",
            log,
            title="En español",
            description="Un espacio para conversar en español sobre el diagnóstico, el tratamiento y la vida "
            "después del cáncer de seno.",
        )
        _ensure_board_moderator(board_es, log)
        made.append(boards_es)

    glossary = GlossaryPage.objects.filter(locale=home.locale).first()
    if glossary is not None:
        translate(
            glossary,
            locale,
            log,
            title="Glosario",
            slug="glosario",
            intro="El significado, en palabras sencillas, de términos que puede oír de su equipo médico o leer en "
            "nuestros artículos.",
            abbreviations_intro="Abreviaturas que los miembros usan a menudo en los foros y lo que significan.",
            listing_summary="El significado de términos comunes sobre el cáncer de seno, de la A a la Z.",
        )
        demo_glossary.load_spanish(locale, log)

    home_es = HomePage.objects.get(pk=home_es.pk)  # children were added since: fresh tree counts
    if not home_es.featured:
        cards = [p for p in made if p.pk != home_es.pk and p.get_parent().pk == home_es.pk]
        home_es.featured = stream_value(
            *[("featured_page", {"page": p.pk, "heading": "", "summary": ""}) for p in cards]
        )
        home_es.save_revision().publish()
    return home_es
