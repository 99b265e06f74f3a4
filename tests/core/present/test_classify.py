"""Map classes: breaks by method, the palette's direction, grey for no data."""

import pytest

from danvan.present.classify import NO_DATA, YLGNBU, make_classes


def test_quantile_classes_split_the_data_evenly():
    c = make_classes(list(range(1, 101)), "quantile", k=4)
    assert c.breaks == pytest.approx((1, 25.75, 50.5, 75.25, 100))
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
