"""``flask reports export``: every table, suppressed, one CSV file each; clear errors."""

from __future__ import annotations

from navigator.reports.sections import SECTIONS
from tests.reports import world


def test_every_table_is_written_suppressed(app, runner, tmp_path):
    with app.app_context():
        made = world.build()
    folder = tmp_path / "open-data" / "2026"
    result = runner.invoke(args=["reports", "export", "--from", "2026-05-01",
                                 "--to", "2026-06-30", str(folder)])
    assert result.exit_code == 0, result.output
    names = sorted(path.name for path in folder.iterdir())
    with app.app_context():
        from navigator.reports.period import Filters

        expected = sorted(f"{section.key}-{table.key}.csv" for section in SECTIONS
                          for table in section.tables(Filters(world.START, world.END)))
    assert names == expected
    assert "directory-answer-time.csv" in names
    assert f"Wrote {len(names)} tables (2026-05-01 to 2026-06-30)" in result.output
    answers = (folder / "directory-answer-time.csv").read_text().splitlines()
    assert answers == ["Month sent,Referrals sent,Answered by the provider,Share answered,"
                       "Median days to answer",
                       "May 2026,<11,<11,<11,<11", "June 2026,<11,<11,<11,<11",
                       "Total,<11,<11,<11,<11"]
    everything = "".join(path.read_text() for path in folder.iterdir())
    for secret in (*world.RESIDENTS, *world.FREE_TEXT, *made["residents"]):
        assert secret not in everything


def test_bad_dates_are_refused_with_a_message(runner, tmp_path):
    for start, end, words in (("2026-13-01", "2026-12-31", "'2026-13-01' is not a date"),
                              ("2026-05-01", "June", "'June' is not a date"),
                              ("2026-06-01", "2026-05-01", "The last day is before the first"),
                              ("0001-01-01", "2026-05-01", "start on 2000-01-01 at the")):
        result = runner.invoke(args=["reports", "export", "--from", start, "--to", end,
                                     str(tmp_path / "out")])
        assert result.exit_code == 2, result.output
        assert words in result.output
    assert not (tmp_path / "out").exists()


def test_a_folder_that_cannot_be_made_is_refused_with_a_message(runner, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    result = runner.invoke(args=["reports", "export", "--from", "2026-05-01", "--to",
                                 "2026-06-30", str(blocker / "inside")])
    assert result.exit_code == 1
    assert "Cannot make the folder" in result.output
    result = runner.invoke(args=["reports", "export", "--from", "2026-05-01", "--to",
                                 "2026-06-30", str(blocker)])
    assert result.exit_code == 1
    assert "Cannot make the folder" in result.output
