"""Map classes: breaks by method, the palette's direction, grey for no data."""

import pytest

from danvan.present.classify import NO_DATA, YLGNBU, make_classes


def test_quantile_classes_split_the_data_evenly():
    c = make_classes(list(range(1, 101)), "quantile", k=4)
    # quartiles 25,75 / 50,5 / 75,25, said at two significant figures
    assert c.breaks == pytest.approx((1, 26, 51, 75, 100))
    assert [c.index(v) for v in (1, 30, 60, 100)] == [0, 1, 2, 3]


def test_equal_intervals_and_fixed_breaks_from_the_catalogue():
    assert make_classes([0, 10, 100], "equal", k=4).breaks == (0, 25, 50, 75, 100)
    fixed = make_classes([12.0], "fixed", fixed=(0, 50, 80, 95, 100))
    assert fixed.breaks == (0, 50, 80, 95, 100)
    assert fixed.labels("%") == ["0% – 50%", "50% – 80%", "80% – 95%", "95% – 100%"]
    assert fixed.colour(96) == YLGNBU[-1] and fixed.colour(10) == YLGNBU[0]


def test_darkest_class_is_the_best_one():
    up = make_classes([1, 2, 3, 4, 5, 6], "equal", k=5)
    down = make_classes([1, 2, 3, 4, 5, 6], "equal", k=5, higher_is_better=False)
    assert up.colour(6) == YLGNBU[-1] and down.colour(1) == YLGNBU[-1]
    assert down.colours == tuple(reversed(up.colours))


def test_no_data_is_grey_never_zero():
    c = make_classes([0, 5, 10], "equal", k=2)
    assert c.colour(None) == NO_DATA and c.colour(0) != NO_DATA
    assert make_classes([], "quantile").colours == ()


def test_a_single_value_is_one_exact_class():
    c = make_classes([53.333333], "quantile")
    assert c.labels("%") == ["53,33%"] and c.colour(53.333333) == YLGNBU[-1]


def test_count_classes_have_whole_readable_breaks():
    """Quantiles of counts land on 1.164,4-like edges; the legend gets whole numbers at two significant figures,
    and the data stay inside the outer edges (worked out by hand)."""
    values = [1000.0, 1164.4, 1250.0, 1342.8, 1500.0, 1777.7]
    classes = make_classes(values, "equal", k=3, whole=True)
    # equal thirds of 1000 – 1777,7: 1259,23 and 1518,47 → 1300 and 1500; ends 1000 and 1778 (ceil)
    assert classes.breaks == (1000.0, 1300.0, 1500.0, 1778.0)
    assert classes.labels() == ["1.000 – 1.300", "1.300 – 1.500", "1.500 – 1.778"]
    assert all(classes.index(v) is not None for v in values)


def test_share_classes_round_inner_breaks_only():
    classes = make_classes([12.34, 45.678, 87.35], "equal", k=2)
    # the middle of 12,34 – 87,35 is 49,845 → 50; the ends stay the data's
    assert classes.breaks == (12.34, 50.0, 87.35)
