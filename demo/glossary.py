"""Demo content for the glossary: twenty common terms and the A–Z glossary page."""

from demo.factories import GlossaryPageFactory
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


def load(log):
    home = HomePage.objects.first()
    if home is None:
        return
    articles = {page.slug: page for page in ConditionArticlePage.objects.all()}
    created = 0
    for term, variants, abbreviations, definition, article_slug in TERMS:
        _, made = GlossaryTerm.objects.get_or_create(
            term=term,
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
