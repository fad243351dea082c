"""The result schema: the columns of sweep.csv, rows read back from their text,
and the raw records of sweep.json."""
import csv
import dataclasses
import io

import pytest

from gilsweep.sweep.schema import CANARY_KEYS, COLUMNS, WINDOW_KEYS, Point, Row


def test_a_row_has_the_columns_in_order_and_comes_back_from_csv_text():
    row = Row("swift", "swift-threads", "gcd", 4096, 2, 1234, 0.37, 0.1, 0.0555, 1.8, 1.7, 1.9, 7, 1.75, 1.85, 6, 1)
    assert tuple(row.as_dict()) == COLUMNS
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=COLUMNS)
    writer.writeheader()
    writer.writerow(row.as_dict())
    (record,) = csv.DictReader(io.StringIO(text.getvalue()))
    back = Row.from_strings(record)
    assert back == row
    assert type(back.knob) is int and type(back.speedup) is float and type(back.runtime) is str
    with pytest.raises(dataclasses.FrozenInstanceError):
        back.speedup = 2.0


def test_a_point_names_itself_and_the_raw_records_have_fixed_keys():
    p = Point(id=3, runtime="python", mode="python-auto", workload="churn", knob=3000, threads=2, calls=50)
    assert p.label() == "churn python-auto knob=3000 threads=2"
    assert WINDOW_KEYS[-1] == "flag" and len(set(WINDOW_KEYS)) == len(WINDOW_KEYS)
    assert {"order", "start_s"} <= set(WINDOW_KEYS) & set(CANARY_KEYS)
