from check_kit import roster

from scheduler.check import validate


def test_baseline_week_is_feasible(instance, week):
    report = validate(instance, roster(week))
    assert report.violations == ()
    assert report.feasible
