"""libphonenumber's time-zone data puts Recife's area code on Fernando de Noronha's clock (UTC−2); a user in
Recife lives at UTC−3, so a receipt at 23:20 on 30 April is April there."""
import datetime as dt
from zoneinfo import ZoneInfo

from app.i18n.zones import guess_for_number


def test_a_recife_number_is_on_the_mainland_clock():
    guess = guess_for_number("+5581998761234", dt.date(2025, 6, 30))
    assert guess.zone is not None
    offset = dt.datetime(2025, 4, 30, 23, 20, tzinfo=ZoneInfo(guess.zone)).utcoffset()
    assert offset == dt.timedelta(hours=-3)


def test_sao_paulo_and_manaus_numbers_keep_their_zones():
    assert guess_for_number("+5511987654321", dt.date(2025, 6, 30)).zone == "America/Sao_Paulo"
    assert guess_for_number("+5592987654321", dt.date(2025, 6, 30)).zone == "America/Manaus"
