import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from demo.factories import ResourceIndexPageFactory
from resources import helpline
from resources.models import HelplineHours, HelplineSettings
from tests.utils import count_queries

UTC = dt.UTC
ET = ZoneInfo("America/New_York")
PT = ZoneInfo("America/Los_Angeles")
WEEKDAYS_9_TO_10 = [(day, dt.time(9), dt.time(22)) for day in range(5)]


def at(*args, tz=UTC, fold=0):
    return dt.datetime(*args, tzinfo=tz, fold=fold)


@pytest.mark.parametrize(
    "now, expected",
    [
        # Friday 6 March 2026, Eastern Standard Time (UTC-5).
        (at(2026, 3, 6, 13, 59, 59), False),
        (at(2026, 3, 6, 14, 0), True),
        (at(2026, 3, 7, 2, 59, 59), True),  # 9:59:59 p.m. Friday ET
        (at(2026, 3, 7, 3, 0), False),  # 10:00 p.m. Friday ET: closing time is exclusive
        # Sunday 8 March 2026: clocks go forward. Closed all day (no Sunday hours).
        (at(2026, 3, 8, 14, 0), False),
        # Monday 9 March 2026, Eastern Daylight Time (UTC-4): opening moves an hour earlier in UTC.
        (at(2026, 3, 9, 12, 59, 59), False),
        (at(2026, 3, 9, 13, 0), True),
        (at(2026, 3, 10, 1, 59, 59), True),
        (at(2026, 3, 10, 2, 0), False),
        # The same moments given in Pacific time.
        (at(2026, 3, 9, 5, 59, 59, tz=PT), False),
        (at(2026, 3, 9, 6, 0, tz=PT), True),
        (at(2026, 3, 9, 18, 59, 59, tz=PT), True),
        (at(2026, 3, 9, 19, 0, tz=PT), False),
        # Friday 30 October 2026 (EDT), then Monday 2 November 2026 after clocks go back (EST).
        (at(2026, 10, 30, 13, 0), True),
        (at(2026, 11, 2, 13, 0), False),  # 8:00 a.m. EST
        (at(2026, 11, 2, 13, 59, 59), False),
        (at(2026, 11, 2, 14, 0), True),
        (at(2026, 11, 2, 6, 0, tz=PT), True),
        (at(2026, 11, 2, 5, 59, tz=PT), False),
        (at(2026, 11, 2, 9, 0, tz=ET), True),
        (at(2026, 11, 2, 8, 59, tz=ET), False),
    ],
)
def test_open_now_at_boundaries_in_both_zones_and_across_dst(now, expected):
    assert helpline.is_open(WEEKDAYS_9_TO_10, now) is expected
    assert helpline.status(WEEKDAYS_9_TO_10, now).is_open is expected


@pytest.mark.parametrize(
    "now, expected",
    [
        # Sunday hours 1:00 to 4:00 a.m. ET on the spring-forward night: 2:00-3:00 does not exist.
        (at(2026, 3, 8, 5, 59), False),  # 12:59 a.m. EST
        (at(2026, 3, 8, 6, 0), True),  # 1:00 a.m. EST
        (at(2026, 3, 8, 6, 59), True),  # 1:59 a.m. EST
        (at(2026, 3, 8, 7, 0), True),  # 3:00 a.m. EDT, the next instant
        (at(2026, 3, 8, 7, 59), True),  # 3:59 a.m. EDT
        (at(2026, 3, 8, 8, 0), False),  # 4:00 a.m. EDT
        # Sunday hours 1:00 to 2:00 a.m. ET on the fall-back night: 1:00-2:00 happens twice.
        (at(2026, 11, 1, 4, 59), False),  # 12:59 a.m. EDT
        (at(2026, 11, 1, 5, 30), True),  # 1:30 a.m. EDT
        (at(2026, 11, 1, 6, 30), True),  # 1:30 a.m. EST, the second time
        (at(2026, 11, 1, 7, 0), False),  # 2:00 a.m. EST
    ],
)
def test_open_now_on_the_nights_the_clocks_change(now, expected):
    early_sunday = [(6, dt.time(1), dt.time(4 if now.month == 3 else 2))]
    assert helpline.is_open(early_sunday, now) is expected


def test_server_time_zone_does_not_matter(settings):
    now = at(2026, 3, 9, 13, 30)  # 9:30 a.m. EDT Monday
    for zone in ["UTC", "Asia/Tokyo", "America/Los_Angeles", "Pacific/Kiritimati"]:
        settings.TIME_ZONE = zone
        with timezone.override(zone):
            assert helpline.is_open(WEEKDAYS_9_TO_10, now)
            assert helpline.is_open(WEEKDAYS_9_TO_10, now.astimezone(timezone.get_current_timezone()))


@pytest.mark.parametrize(
    "now, sentence",
    [
        (at(2026, 3, 9, 13, 0), "Open now until 10:00 p.m. ET (7:00 p.m. PT)"),
        (at(2026, 3, 9, 11, 0), "Closed now. Opens today at 9:00 a.m. ET (6:00 a.m. PT)"),
        (at(2026, 3, 10, 3, 0), "Closed now. Opens tomorrow at 9:00 a.m. ET (6:00 a.m. PT)"),
        (at(2026, 3, 7, 3, 0), "Closed now. Opens Monday at 9:00 a.m. ET (6:00 a.m. PT)"),
        # Friday night before the spring change: Monday's opening is already in daylight time.
        (at(2026, 3, 6, 23, 0, tz=PT), "Closed now. Opens Monday at 9:00 a.m. ET (6:00 a.m. PT)"),
    ],
)
def test_status_sentence(now, sentence):
    result = helpline.status(WEEKDAYS_9_TO_10, now)
    assert result.sentence == sentence


def test_status_next_opening_is_the_right_instant_across_dst():
    result = helpline.status(WEEKDAYS_9_TO_10, at(2026, 3, 7, 3, 0))
    assert result.next_opening.astimezone(UTC) == at(2026, 3, 9, 13, 0)
    result = helpline.status(WEEKDAYS_9_TO_10, at(2026, 10, 31, 3, 0))
    assert result.next_opening.astimezone(UTC) == at(2026, 11, 2, 14, 0)


def test_status_without_hours_is_closed():
    result = helpline.status([], at(2026, 3, 9, 13, 0))
    assert not result.is_open and result.sentence == "Closed now"


def test_several_windows_a_day():
    split = [(0, dt.time(9), dt.time(12)), (0, dt.time(13), dt.time(17))]
    lunch = at(2026, 3, 9, 12, 30, tz=ET)
    assert not helpline.is_open(split, lunch)
    assert helpline.status(split, lunch).sentence == "Closed now. Opens today at 1:00 p.m. ET (10:00 a.m. PT)"
    lines = helpline.schedule_lines(split, dt.date(2026, 3, 9))
    assert [line["eastern"] for line in lines] == ["9:00 a.m. to 12:00 p.m. ET", "1:00 p.m. to 5:00 p.m. ET"]


@pytest.mark.parametrize("on_date", [dt.date(2026, 3, 8), dt.date(2026, 11, 1), dt.date(2026, 7, 1)])
def test_schedule_lines_show_both_zones_all_year(on_date):
    hours = [*WEEKDAYS_9_TO_10, (5, dt.time(10), dt.time(14))]
    assert helpline.schedule_lines(hours, on_date) == [
        {
            "days": "Monday through Friday",
            "eastern": "9:00 a.m. to 10:00 p.m. ET",
            "pacific": "6:00 a.m. to 7:00 p.m. PT",
            "text": "Monday through Friday: 9:00 a.m. to 10:00 p.m. ET (6:00 a.m. to 7:00 p.m. PT)",
        },
        {
            "days": "Saturday",
            "eastern": "10:00 a.m. to 2:00 p.m. ET",
            "pacific": "7:00 a.m. to 11:00 a.m. PT",
            "text": "Saturday: 10:00 a.m. to 2:00 p.m. ET (7:00 a.m. to 11:00 a.m. PT)",
        },
    ]


# --- The block on a page ------------------------------------------------------------------


@pytest.fixture
def helpline_setting(site):
    setting = HelplineSettings.for_site(site)
    setting.save()
    for day, opens, closes in WEEKDAYS_9_TO_10:
        HelplineHours.objects.create(setting=setting, weekday=day, opens=opens, closes=closes)
    return setting


@pytest.fixture
def page_with_block(home, helpline_setting):
    return ResourceIndexPageFactory(
        parent=home,
        intro=[("helpline", {"heading": "Talk to someone", "text": "", "show_hours": True})],
    )


def block_of(response):
    return BeautifulSoup(response.content, "html.parser").find("section", class_="helpline-box")


@pytest.mark.parametrize(
    "now, state",
    [
        (at(2026, 3, 9, 13, 0), "open"),
        (at(2026, 3, 9, 12, 59), "closed"),
        (at(2026, 11, 2, 13, 30), "closed"),
    ],
)
def test_helpline_block_shows_server_computed_state(client, page_with_block, monkeypatch, now, state):
    monkeypatch.setattr(timezone, "now", lambda: now)
    block = block_of(client.get(page_with_block.url))
    assert block.find("h2").text == "Talk to someone"
    status = block.find("p", class_="helpline-status")
    assert f"helpline-status--{state}" in status["class"]
    assert status.text.startswith("Open now" if state == "open" else "Closed now")
    assert block.find("a", href="tel:+18774656636")
    assert "Monday through Friday: 9:00 a.m. to 10:00 p.m. ET (6:00 a.m. to 7:00 p.m. PT)" in block.text


def test_helpline_block_follows_the_setting(client, page_with_block, helpline_setting):
    helpline_setting.display_number = "1-800-555-0100"
    helpline_setting.dial_number = "+18005550100"
    helpline_setting.note = "Trained staff answer every call."
    helpline_setting.save()
    block = block_of(client.get(page_with_block.url))
    assert block.find("a", href="tel:+18005550100").text == "1-800-555-0100"
    assert "Trained staff answer every call." in block.text


def test_hours_are_loaded_once_per_request(client, page_with_block, home, django_assert_max_num_queries):
    page_with_block.intro = [("helpline", {"heading": "", "text": "", "show_hours": True})]
    page_with_block.save_revision().publish()
    client.get(page_with_block.url)
    _, one_block = count_queries(client.get, page_with_block.url)
    page_with_block.intro = [("helpline", {"heading": "", "text": "", "show_hours": True})] * 4
    page_with_block.save_revision().publish()
    with django_assert_max_num_queries(one_block):
        response = client.get(page_with_block.url)
    sections = BeautifulSoup(response.content, "html.parser").find_all("section", class_="helpline-box")
    assert len(sections) == 4
    assert sections[0].find("h2").text == "Breast Care Helpline"


def test_block_renders_outside_a_request(helpline_setting):
    from resources.blocks import HelplineBlock

    block = HelplineBlock()
    html = block.render(block.to_python({"heading": "", "text": "Call us", "show_hours": False}))
    assert "Call us" in html and "helpline__hours" not in html
