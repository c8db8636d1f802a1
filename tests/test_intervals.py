"""IntervalIndex finds exactly the intervals that a scan of all of them finds."""

from hypothesis import given
from hypothesis import strategies as st

from narratives.intervals import IntervalIndex

intervals = st.lists(st.tuples(st.integers(0, 60), st.integers(0, 30)).map(lambda p: (p[0], p[0] + p[1])), max_size=30)


@given(intervals, st.integers(-5, 100))
def test_containing_is_every_interval_holding_the_point(spans, point):
    expected = {k for k, (start, end) in enumerate(spans) if start <= point < end}
    assert set(IntervalIndex(spans).containing(point)) == expected


@given(intervals, st.integers(-5, 100), st.integers(0, 40))
def test_overlapping_is_every_interval_sharing_a_position(spans, start, length):
    end = start + length
    expected = {k for k, (s, e) in enumerate(spans) if set(range(s, e)) & set(range(start, end))}
    assert set(IntervalIndex(spans).overlapping(start, end)) == expected


def test_empty_intervals_hold_nothing_and_an_empty_index_finds_nothing():
    assert IntervalIndex([(3, 3)]).containing(3) == []
    assert IntervalIndex([(3, 3)]).overlapping(0, 10) == []
    assert IntervalIndex([]).containing(0) == []
