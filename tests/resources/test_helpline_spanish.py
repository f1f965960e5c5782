"""The helpline's hours and "open now" line in Spanish (issue 20): natural Spanish from the same
formatting code, English unchanged (tests/resources/test_helpline.py)."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone, translation

from demo.factories import ResourceIndexPageFactory
from demo.factories.resources import ResourceFactory
from resources import helpline
from resources.models import HelplineHours, HelplineSettings
from tests.utils import translate_page

UTC = dt.UTC
ET = ZoneInfo("America/New_York")
WEEKDAYS_9_TO_10 = [(day, dt.time(9), dt.time(22)) for day in range(5)]
SUMMER = dt.date(2026, 7, 1)


def at(*args, tz=UTC):
    return dt.datetime(*args, tzinfo=tz)


def lines_in(language, hours, on_date=SUMMER):
    with translation.override(language):
        return helpline.schedule_lines(hours, on_date)


def test_weekdays_read_as_the_issue_asks():
    (line,) = lines_in("es", WEEKDAYS_9_TO_10)
    assert line["days"] == "de lunes a viernes"
    assert line["eastern"] == "de 9:00 a. m. a 10:00 p. m. (hora del Este)"
    assert (
        f"{line['days']}, {line['eastern']}"
        == "de lunes a viernes, de 9:00 a. m. a 10:00 p. m. (hora del Este)"
    )
    assert line["text"] == (
        "De lunes a viernes, de 9:00 a. m. a 10:00 p. m. (hora del Este); "
        "de 6:00 a. m. a 7:00 p. m. (hora del Pacífico)"
    )


def test_english_lines_are_unchanged():
    (line,) = lines_in("en", WEEKDAYS_9_TO_10)
    assert line == {
        "days": "Monday through Friday",
        "eastern": "9:00 a.m. to 10:00 p.m. ET",
        "pacific": "6:00 a.m. to 7:00 p.m. PT",
        "text": "Monday through Friday: 9:00 a.m. to 10:00 p.m. ET (6:00 a.m. to 7:00 p.m. PT)",
    }


@pytest.mark.parametrize(
    "hours, expected",
    [
        # A single day.
        ([(5, dt.time(10), dt.time(14))], ["Los sábados, de 10:00 a. m. a 2:00 p. m. (hora del Este)"]),
        # The weekend: two days read as "los sábados y los domingos".
        (
            [(5, dt.time(10), dt.time(14)), (6, dt.time(10), dt.time(14))],
            ["Los sábados y los domingos, de 10:00 a. m. a 2:00 p. m. (hora del Este)"],
        ),
        # Weekdays plus a shorter Saturday: two lines.
        (
            [*WEEKDAYS_9_TO_10, (5, dt.time(10), dt.time(14))],
            [
                "De lunes a viernes, de 9:00 a. m. a 10:00 p. m. (hora del Este)",
                "Los sábados, de 10:00 a. m. a 2:00 p. m. (hora del Este)",
            ],
        ),
        # Days that are not consecutive are not joined into a range.
        (
            [(0, dt.time(9), dt.time(17)), (2, dt.time(9), dt.time(17))],
            [
                "Los lunes, de 9:00 a. m. a 5:00 p. m. (hora del Este)",
                "Los miércoles, de 9:00 a. m. a 5:00 p. m. (hora del Este)",
            ],
        ),
        # Midday and midnight on the clock; a whole day (the longest window the setting allows).
        (
            [(3, dt.time(0), dt.time(12)), (4, dt.time(0), dt.time(23, 59))],
            [
                "Los jueves, de 12:00 a. m. a 12:00 p. m. (hora del Este)",
                "Los viernes, de 12:00 a. m. a 11:59 p. m. (hora del Este)",
            ],
        ),
    ],
)
def test_hour_patterns_in_spanish(hours, expected):
    assert [line["text"].split(";")[0] for line in lines_in("es", hours)] == expected


def test_closed_all_week_has_no_lines_and_says_closed():
    assert lines_in("es", []) == []
    with translation.override("es"):
        assert helpline.status([], at(2026, 3, 9, 13, 0)).sentence == "Cerrado ahora"


@pytest.mark.parametrize(
    "now, sentence",
    [
        (
            at(2026, 3, 9, 13, 0),
            "Abierto ahora hasta las 10:00 p. m., hora del Este (7:00 p. m., hora del Pacífico)",
        ),
        (
            at(2026, 3, 9, 11, 0),
            "Cerrado ahora. Abre hoy a las 9:00 a. m., hora del Este (6:00 a. m., hora del Pacífico)",
        ),
        (
            at(2026, 3, 10, 3, 0),
            "Cerrado ahora. Abre mañana a las 9:00 a. m., hora del Este (6:00 a. m., hora del Pacífico)",
        ),
        (
            at(2026, 3, 7, 3, 0),
            "Cerrado ahora. Abre el lunes a las 9:00 a. m., hora del Este (6:00 a. m., hora del Pacífico)",
        ),
    ],
)
def test_open_and_closed_now_in_spanish(now, sentence):
    with translation.override("es"):
        assert helpline.status(WEEKDAYS_9_TO_10, now).sentence == sentence


def test_one_oclock_reads_a_la_una():
    afternoon = [(0, dt.time(13), dt.time(17)), (1, dt.time(9), dt.time(13))]
    before = helpline.status(afternoon, at(2026, 3, 9, 9, 0, tz=ET))
    during = helpline.status(afternoon, at(2026, 3, 10, 10, 0, tz=ET))
    with translation.override("es"):
        assert before.sentence.startswith("Cerrado ahora. Abre hoy a la 1:00 p. m., hora del Este")
        assert during.sentence.startswith("Abierto ahora hasta la 1:00 p. m., hora del Este")
    with translation.override("en"):
        assert before.sentence == "Closed now. Opens today at 1:00 p.m. ET (10:00 a.m. PT)"
        assert during.sentence == "Open now until 1:00 p.m. ET (10:00 a.m. PT)"


# --- On Spanish pages -----------------------------------------------------------------------


@pytest.fixture
def library_pair(site, home):
    setting = HelplineSettings.for_site(site)
    setting.save()
    for day, opens, closes in WEEKDAYS_9_TO_10:
        HelplineHours.objects.create(setting=setting, weekday=day, opens=opens, closes=closes)
    translate_page(home, "Inicio")
    library = ResourceIndexPageFactory(
        parent=home,
        intro=[("helpline", {"heading": "", "text": "", "show_hours": True})],
    )
    return library, translate_page(library, "Hojas informativas y folletos")


def test_helpline_block_and_footer_on_a_spanish_page(client, library_pair, monkeypatch):
    english, spanish = library_pair
    monkeypatch.setattr(timezone, "now", lambda: at(2026, 3, 9, 13, 0))  # Monday 9:00 a.m. ET
    page = BeautifulSoup(client.get(spanish.url).content, "html.parser")
    block = page.find("section", class_="helpline-box")
    assert block.find("p", class_="helpline-status").text == (
        "Abierto ahora hasta las 10:00 p. m., hora del Este (7:00 p. m., hora del Pacífico)"
    )
    hours = "De lunes a viernes, de 9:00 a. m. a 10:00 p. m. (hora del Este); de 6:00 a. m. a 7:00 p. m. (hora del Pacífico)"
    assert [li.text for li in block.select(".helpline__hours li")] == [hours]
    assert "Llame al" in block.find("p", class_="helpline__phone").text
    assert hours in page.find("footer").text

    monkeypatch.setattr(timezone, "now", lambda: at(2026, 3, 9, 12, 0))  # 8:00 a.m. ET
    page = BeautifulSoup(client.get(spanish.url).content, "html.parser")
    assert page.find("p", class_="helpline-status").text.startswith(
        "Cerrado ahora. Abre hoy a las 9:00 a. m."
    )

    english_page = BeautifulSoup(client.get(english.url).content, "html.parser")
    assert english_page.find("p", class_="helpline-status").text.startswith(
        "Closed now. Opens today at 9:00 a.m. ET"
    )
    assert [li.text for li in english_page.select(".helpline-box .helpline__hours li")] == [
        "Monday through Friday: 9:00 a.m. to 10:00 p.m. ET (6:00 a.m. to 7:00 p.m. PT)"
    ]


def test_spanish_library_filters_results_and_cards(client, library_pair):
    english, spanish = library_pair
    ResourceFactory(title="Metastatic breast cancer", last_reviewed=dt.date(2026, 6, 1), language="es")
    ResourceFactory(title="Caring for someone", audience="family")
    page = BeautifulSoup(client.get(spanish.url).content, "html.parser")
    form = page.find("form", class_="resource-filters")
    assert form["aria-label"] == "Buscar recursos"
    labels = [label.text for label in form.find_all("label")]
    assert labels == ["Buscar en la biblioteca", "Tipo", "Tema", "Dirigido a", "Idioma"]
    assert form.find("option", value="").text == "Cualquier tipo"
    assert form.find("button").text == "Mostrar recursos"
    assert page.find("p", class_="result-count").text == "2 recursos"
    card = (
        page.find("h2", string="Metastatic breast cancer")
        .find_parent("article")
        .find("p", class_="resource-card__meta")
        .text
    )
    assert card.startswith("Hoja informativa · Para personas con cáncer de seno · Español · Revisado")
    assert "junio de 2026" in card
    assert page.select_one(".resource-card__action a").text.startswith("Descargar")

    page = BeautifulSoup(
        client.get(spanish.url, {"q": "metastatic", "type": "poster"}).content, "html.parser"
    )
    summary = page.find("div", class_="error-summary")
    assert summary.h2.text == "No reconocimos algunos filtros"
    assert "Tipo: Elija un tipo de la lista." in summary.text
    assert page.find("p", class_="result-count").text == "1 recurso coincide con «metastatic»"
    assert (
        page.find("form", class_="resource-filters").find("input", attrs={"name": "q"})["value"]
        == "metastatic"
    )

    page = BeautifulSoup(client.get(spanish.url, {"q": "nothingmatchesthis"}).content, "html.parser")
    assert "Ningún recurso coincide con estos filtros." in page.text

    english_page = BeautifulSoup(client.get(english.url).content, "html.parser")
    assert english_page.find("p", class_="result-count").text == "2 resources"
    assert "Reviewed June 2026" in english_page.find("p", class_="resource-card__meta").text
