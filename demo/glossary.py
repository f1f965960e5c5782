"""Demo content for the glossary: twenty common terms and the A–Z glossary page, and the
Spanish translations of the terms the Spanish seed article uses (`load_spanish`, run by
demo/spanish.py once the Spanish glossary page exists)."""

from wagtail.models import Locale

from demo.factories.pages import GlossaryPageFactory
from demo.utils import ensure_child
from pages.models import ConditionArticlePage, GlossaryTerm, HomePage

# (term, variants, abbreviations, definition, slug of a demo article to learn more from)
TERMS = [
    (
        "Metastatic breast cancer",
        "stage IV breast cancer, advanced breast cancer",
        "MBC",
        "Breast cancer that has spread from the breast to other parts of the body, such as the bones, "
        "lungs, liver or brain. It can be treated but not yet cured.",
        "metastatic-breast-cancer-stage-iv",
    ),
    (
        "Metastasis",
        "metastases, metastasize, metastasized",
        "",
        "The spread of cancer cells from where the cancer started to another part of the body.",
        "metastatic-breast-cancer-stage-iv",
    ),
    (
        "HER2-positive",
        "HER2 positive",
        "HER2+",
        "Breast cancer whose cells make too much of a protein called HER2, which helps them grow. "
        "Drugs that target HER2 can treat it.",
        "",
    ),
    (
        "Hormone receptor-positive",
        "hormone receptor positive, hormone-sensitive",
        "HR+",
        "Breast cancer whose cells use the hormones estrogen or progesterone to grow. Hormone therapy "
        "can slow or stop that growth.",
        "",
    ),
    (
        "Triple negative breast cancer",
        "triple-negative breast cancer",
        "TNBC",
        "Breast cancer that has no hormone receptors and does not make extra HER2, so hormone therapy "
        "and HER2 drugs do not work on it.",
        "",
    ),
    (
        "No evidence of disease",
        "",
        "NED",
        "Tests and scans find no sign of cancer after treatment. It does not always mean the cancer "
        "can never come back.",
        "",
    ),
    (
        "Recurrence",
        "recurrences, recurrent breast cancer",
        "",
        "Breast cancer that comes back after treatment, in the same breast, nearby, or in another part of "
        "the body.",
        "breast-cancer-recurrence",
    ),
    (
        "Distant recurrence",
        "distant recurrences",
        "",
        "Breast cancer that comes back in a part of the body far from the breast. It is metastatic "
        "breast cancer.",
        "breast-cancer-recurrence",
    ),
    (
        "Oncologist",
        "oncologists, medical oncologist",
        "",
        "A doctor who specializes in treating cancer. A medical oncologist treats it with drugs such as "
        "chemotherapy and hormone therapy.",
        "",
    ),
    (
        "Biopsy",
        "biopsies, needle biopsy",
        "",
        "Taking a small sample of tissue so it can be looked at under a microscope. It is the only way "
        "to know for sure whether cells are cancer.",
        "",
    ),
    (
        "Mammogram",
        "mammograms, mammography",
        "",
        "An X-ray of the breast used to look for breast cancer, often before any symptoms appear.",
        "",
    ),
    (
        "Lumpectomy",
        "lumpectomies, breast-conserving surgery",
        "",
        "Surgery that removes the cancer and some healthy tissue around it, but keeps most of the breast.",
        "",
    ),
    (
        "Mastectomy",
        "mastectomies",
        "",
        "Surgery that removes the whole breast.",
        "",
    ),
    (
        "Chemotherapy",
        "chemo",
        "",
        "Drugs that kill cancer cells or stop them from growing, given by mouth or through a vein.",
        "treatment-for-metastatic-breast-cancer",
    ),
    (
        "Hormone therapy",
        "endocrine therapy",
        "",
        "Treatment that lowers hormone levels or blocks hormones, to slow or stop hormone receptor-positive "
        "breast cancer.",
        "treatment-for-metastatic-breast-cancer",
    ),
    (
        "Palliative care",
        "supportive care",
        "",
        "Care that eases symptoms, side effects and stress at any stage of illness, alongside treatment.",
        "symptom-management-and-supportive-care",
    ),
    (
        "Clinical trial",
        "clinical trials",
        "",
        "A research study that tests whether a new treatment, test or way of caring for people is safe "
        "and works better than what is used now.",
        "",
    ),
    (
        "Lymph node",
        "lymph nodes",
        "",
        "Small bean-shaped organs that help fight infection. Breast cancer often spreads first to the "
        "lymph nodes under the arm.",
        "",
    ),
    (
        "Tumor",
        "tumors, tumour, tumours",
        "",
        "A lump or mass of cells. A tumor can be benign (not cancer) or malignant (cancer).",
        "",
    ),
    (
        "De novo metastatic breast cancer",
        "de novo MBC",
        "",
        "Breast cancer that has already spread to other parts of the body when it is first found.",
        "metastatic-breast-cancer-stage-iv",
    ),
    (
        "Radiation therapy",
        "radiotherapy, radiation",
        "",
        "Treatment with high-energy rays that kill cancer cells in one area of the body.",
        "",
    ),
]


# English term: (Spanish term, variants, abbreviations, definition). Written in Spanish for the
# Spanish seed article and the boards, not machine-translated; an empty abbreviation keeps the
# English one on the Spanish abbreviations page (members write "MBC" and "NED" in Spanish too).
SPANISH_TERMS = {
    "Metastatic breast cancer": (
        "Cáncer de seno metastásico",
        "cáncer de seno en estadio IV, cáncer de seno avanzado, cáncer de mama metastásico",
        "",
        "Cáncer de seno que se ha extendido desde el seno a otras partes del cuerpo, como los huesos, los "
        "pulmones, el hígado o el cerebro. Se puede tratar, pero todavía no tiene cura.",
    ),
    "Metastasis": (
        "Metástasis",
        "",
        "",
        "La extensión de las células cancerosas desde el lugar donde empezó el cáncer a otra parte del cuerpo.",
    ),
    "De novo metastatic breast cancer": (
        "Cáncer de seno metastásico de novo",
        "",
        "",
        "Cáncer de seno que ya se ha extendido a otras partes del cuerpo cuando se detecta por primera vez.",
    ),
    "Distant recurrence": (
        "Recurrencia a distancia",
        "recurrencias a distancia",
        "",
        "Cáncer de seno que vuelve en una parte del cuerpo alejada del seno. Es cáncer de seno metastásico.",
    ),
    "Recurrence": (
        "Recurrencia",
        "recurrencias, cáncer de seno recurrente",
        "",
        "Cáncer de seno que vuelve después del tratamiento, en el mismo seno, cerca de él o en otra parte del "
        "cuerpo.",
    ),
    "Tumor": (
        "Tumor",
        "tumores",
        "",
        "Un bulto o masa de células. Un tumor puede ser benigno (no es cáncer) o maligno (es cáncer).",
    ),
    "Oncologist": (
        "Oncólogo",
        "oncóloga, oncólogos, oncólogas",
        "",
        "Médico especializado en el tratamiento del cáncer. El oncólogo clínico lo trata con medicamentos como "
        "la quimioterapia y la terapia hormonal.",
    ),
    "HER2-positive": (
        "HER2 positivo",
        "HER2-positivo",
        "HER2+",
        "Cáncer de seno cuyas células producen demasiada cantidad de una proteína llamada HER2, que las ayuda a "
        "crecer. Los medicamentos dirigidos contra HER2 pueden tratarlo.",
    ),
    "No evidence of disease": (
        "Sin evidencia de enfermedad",
        "",
        "",
        "Las pruebas y los estudios de imagen no encuentran señales de cáncer después del tratamiento. No "
        "siempre significa que el cáncer nunca pueda volver.",
    ),
}


def load_spanish(locale, log):
    """The Spanish translations of `SPANISH_TERMS` (same translation key as the English terms),
    made if missing; their "learn more" page is the English term's, shown in Spanish when
    translated."""
    made = 0
    english = GlossaryTerm.objects.filter(locale=Locale.get_default(), term__in=SPANISH_TERMS)
    for source in english:
        if source.has_translation(locale):
            continue
        term, variants, abbreviations, definition = SPANISH_TERMS[source.term]
        translation = source.copy_for_translation(locale)
        translation.term, translation.variants = term, variants
        translation.abbreviations, translation.definition = abbreviations, definition
        translation.save()
        made += 1
    if made:
        log(f"  translated {made} glossary terms into Spanish")


def load(log):
    home = HomePage.objects.first()
    if home is None:
        return
    articles = {page.slug: page for page in ConditionArticlePage.objects.all()}
    created = 0
    for term, variants, abbreviations, definition, article_slug in TERMS:
        _, made = GlossaryTerm.objects.get_or_create(
            term=term,
            locale=Locale.get_default(),
            defaults={
                "variants": variants,
                "abbreviations": abbreviations,
                "definition": definition,
                "learn_more_page": articles.get(article_slug),
            },
        )
        created += made
    if created:
        log(f"  created {created} glossary terms")
    ensure_child(
        home,
        GlossaryPageFactory,
        "glossary",
        log,
        title="Glossary",
        intro="Plain-language meanings of words you may hear from your care team or read in our articles.",
        abbreviations_intro="Short forms members often use on the message boards, and what they mean.",
        listing_summary="Plain-language meanings of common breast cancer terms, A to Z.",
    )
