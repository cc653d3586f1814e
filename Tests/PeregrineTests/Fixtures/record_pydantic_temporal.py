#!/usr/bin/env python3
"""Record pydantic's verdicts on date/time inputs, for the temporal parsing tests.

    python3 Tests/PeregrineTests/Fixtures/record_pydantic_temporal.py > Tests/PeregrineTests/Fixtures/pydantic_temporal.json

Each entry names a target (datetime, date, time, timedelta or datetime?), an input (JSON), and what
pydantic 2 does with it in FastAPI's lax mode (`validate_python` on the parsed JSON value, which is
what FastAPI does with a request body): either its list of errors (type, loc, msg, input, ctx), or
the validated value in two output forms:

* "value": `TypeAdapter(target).dump_python(result, mode="json")`, pydantic's own serialization
  (response_model output): e.g. "2026-12-01T10:00:00Z", timedelta as an ISO 8601 duration "PT1H30M";
* "jsonable": `fastapi.encoders.jsonable_encoder(result)`, FastAPI's encoder for values returned
  without a response model: `isoformat()` ("2026-12-01T10:00:00+00:00"), timedelta as
  `total_seconds()` (a float).

Integers beyond 64 bits are flagged "beyond_int64": Python extracts them as floats, so the Swift
tests feed them as Double. An input that makes pydantic raise something other than a
ValidationError (a timedelta below timedelta.min overflows while pydantic builds it) is recorded
with "exception" (the exception's class name) instead.
Needs `pip install pydantic fastapi`; recorded with pydantic 2.14.4 (pydantic-core 2.50.5, which
parses with speedate 0.18.0) and FastAPI 0.165.0.
"""
import json
from datetime import date, datetime, time, timedelta
from typing import Optional

from fastapi.encoders import jsonable_encoder
from pydantic import TypeAdapter, ValidationError

targets = {
    "datetime": datetime,
    "date": date,
    "time": time,
    "timedelta": timedelta,
    "datetime?": Optional[datetime],
}

inputs = [
    # datetimes: separators, zones, offsets
    "2026-12-01T10:00:00", "2026-12-01T10:00:00Z", "2026-12-01T10:00:00z", "2026-12-01 10:00:00",
    "2026-12-01t10:00:00", "2026-12-01_10:00:00", "2026-12-01X10:00:00", "2026-12-01T10:00", "2026-12-01T10:00Z",
    "2026-12-01T10", "2026-12-01T", "2026-12-01T10:00:00+05:30", "2026-12-01T10:00:00-08:00",
    "2026-12-01T10:00:00-08", "2026-12-01T10:00:00+0530", "2026-12-01T10:00:00+05:3", "2026-12-01T10:00:00+05:60",
    "2026-12-01T10:00:00+24:00", "2026-12-01T10:00:00+23:59", "2026-12-01T10:00:00-23:59",
    "2026-12-01T10:00:00+00:00", "2026-12-01T10:00:00-00:00", "2026-12-01T10:00:00\u221205:00",
    "2026-12-01T10:00:00\u221205", "2026-12-01T10:00:00\u2212", "2026-12-01T10:00:00 +05:00",
    "2026-12-01T10:00:00UTC", "2026-12-01T10:00:00+05:30:00", "2026-12-01T10:00:00+5:30", "2026-12-01T10:00:00+",
    "2026-12-01T10:00:00Zjunk", "2026-12-01T10:00:00 ", "2026-12-01T00:00:00", "2026-12-01T00:00:00Z",
    "2026-12-01T00:00:00+02:00", "2026-12-01T00:00:00.000000",
    "2026-12-01T10:00:00+02:00",
    # fractional seconds
    "2026-12-01T10:00:00.1", "2026-12-01T10:00:00.12", "2026-12-01T10:00:00.123", "2026-12-01T10:00:00.1234",
    "2026-12-01T10:00:00.12345", "2026-12-01T10:00:00.123456", "2026-12-01T10:00:00.1234567",
    "2026-12-01T10:00:00.123456789", "2026-12-01T10:00:00.9999999", "2026-12-01T10:00:00.",
    "2026-12-01T10:00:00,5", "2026-12-01T10:00:00.123456Z", "2026-12-01T10:00:00.123+02:00",
    "2026-12-01T10:00:00.000001", "2026-12-01T10:00:00.1234567890123456789Z", "2026-12-01T10:00:00.12a",
    # calendar edges
    "2024-02-29T00:00:00", "2023-02-29T00:00:00", "2000-02-29T12:00:00", "1900-02-29T12:00:00",
    "2026-02-30T00:00:00", "2026-04-31T00:00:00", "2026-13-01T00:00:00", "2026-00-10T00:00:00",
    "2026-12-00T00:00:00", "2026-12-32T00:00:00", "2026-12-01T24:00:00", "2026-12-01T23:60:00",
    "2026-12-01T23:59:60", "2026-12-01T23:59:59", "2026-12-01T99:00:00",
    "0000-01-01T00:00:00", "0000-01-01", "0001-01-01T00:00:00", "0001-01-01",
    "9999-12-31T23:59:59.999999", "9999-12-31T23:59:59.999999-01:00", "9999-12-31",
    # dates
    "2026-12-01", "2024-02-29", "2023-02-29", "2026-02-30", "2026-13-01", "2026-12-32", "2026-12-1", "2026-1-01",
    "26-12-01", "2026/12/01", "20261201", "2026-12-01T1000", "2026-12-01T10:0", "2026-12-01T10:00:0",
    "\uff12\uff10\uff12\uff16-12-01", "+2026-12-01", "-2026-12-01", "2026-12-01Z", "2026-12-01 ", " 2026-12-01",
    "2026-12-01T00:00:00.000001", "2026-12-01T00:00", "2026-12-01 00:00:00-05:00",
    # words, blanks
    "tomorrow", "now", "today", "", " ", "abc", "null", "T", "Z",
    # numeric strings
    "1764583200", "1764547200", "1764547201", "1764583200.5", "-1", "0", "1e9", "1.5e9", "1.5E3", "1.e3",
    "20000000000", "20000000001", "1764583200000", "1764583200123.456", "-62167219200", "-62135596800",
    "-62135596801", "253402300799", "253402300800", "99999999999999999999", "19000000000000000000",
    "9223372036854775807", ".5", "5.", "+1.5", "+5", "1_000", "0x10", "1.5.5", "-1.5", "-0.5", "1.", ".", "-",
    "+", "1.5e", " 5", "5 ", "86400", "3600", "86399.5", "1e20", "1.0e20",
    # durations
    "P1DT2H", "PT90M", "P1W", "-P1D", "+P1D", "P1Y", "P1M", "P1Y2M3DT4H5M6S", "PT0.5S", "PT1.5H", "P1.5D",
    "P0.5Y", "P1.123W", "PT1H30M", "PT36H", "P", "PT", "-P", "P1", "PT1", "P1H", "PT1D", "P1DT", "P1D2H",
    "PT1HT1M", "P1.5DT1H", "PT1,5S", "P-1D", "pt1h", "p1d", "P1d", "PT1h", "P999999999D", "P1000000000D",
    "P4294967296D", "P5000000000D", "-P999999999D", "-P999999999DT1S", "PT0S", "P0D", "PT0.0000001S",
    "PT0.0000005S", "PT0.0000015S", "PT1.9999999S", "PT1H1H", "PT1M1H", "P1DT1H1M1.000001S", "P1.5W",
    "PT100000000000S",
    "1 day, 2:03:04", "2 days, 0:00:00", "1 day", "1 days", "1d", "1 d", "1D", "1 DAY", "1 DAYS, 1:00:00",
    "1d2:00:00", "1 day 2:00:00", "1 days,2:00:00", "-1 day, 23:00:00", "1 dayz", "1 da", "1day,", "1 day, ",
    "1 day,  2:00:00", "1 day, 24:00:00", "1 day, 23:59:59.999999", "d", "-1d", "1 day, 2:03", "x day",
    "2:03:04", "12:30", "-1:00:00", "+1:00:00", "1:00:00.5", "1:00:00.1234567", "1:00:00.123456xyz",
    "1:00:00.12xyz", "25:00:00", "100:00:00", "1:60:00", "1:00:60", "24:00", "8:15", "12:30:45.123", "1:2:3",
    ":30:00", "9999999999:00:00", "2400000000:00:00", "2400000001:00:00", "10000000000:00:00", "1:00:00:00",
    "1.5:00:00", "nonsense", "1", "12", "123", "1234", "12345", "123456", "P1DT2H ", " P1D",
    # times
    "08:15", "08:15:30", "08:15:30.123456789", "08:15:30.5", "08:15:30Z", "08:15:30+05:30", "08:15:30-0800",
    "08:15+01:00", "08:15Z", "23:59:60", "8:15:00", "08:5", "0815", "08:15:30.", "08:15:30 ", "T08:15:30",
    "08:15:30.123456Z", "00:00", "00:00:00", "23:59:59.999999", "23:59:59.9999999", "24:00:00", "08:60",
    "08:15:30+24:00", "08:15:30+01:00:00", "08h15",
    # numbers: timestamps / seconds
    0, 1, -1, 2, 1764583200, 1764547200, 1764547201, 1764583200.5, 1764583200.123456, 1764583200.1234567, 1.5,
    -1.5, -0.5, 0.0, -0.0, 0.5, 3600, 86399, 86400, 86399.9999999, 86399.999999, 5400, 5400.0, 1e10, 2e10,
    20000000000, 20000000001, 20000000000.5, 1764583200000, 1764583200123, 1764583200123.456, 1.7e12, -2e10,
    -20000000000, -20000000001, -20000000001.5, 1e20, 10**20, 2**63 - 1, -2**63, 2**63, 253402300799,
    253402300800, 253402300799999, 253402300800000, -62167219200, -62135596800, -62135596801,
    -62167219200000, -62167219200001, 1e-7, 5e-7, 1.5e-6, 1e-6, 86400.5, 1e308, -1e308, 4294967295,
    4294967296, 86400 * 999999999, 86400 * 1000000000, -86400 * 999999999, -86400 * 999999999 - 1,
    86400 * 999999999 + 86399.999999, 1e15, 123456789.123456789, -123456789.987654321,
    # probes for speedate 0.18's number handling (float unit inference, i64 bounds, rounding)
    "1000000000000000.0", "86400000000000.0", "100000000000000.5", "-1764583200123.456", "20000000000.5",
    "-20000000000.5", "-9223372036854775808", "9223372036854775808", "-0", "+0", "1.0e400", "-1.0e400", ".5e1",
    "1.5e+3", "1.5e-3", "+.5", "-.5", "1..5", "1.5e3.5", "0.9999995", "-0.0000005",
    1e14, -1e14, 1e14 + 0.5, 2e13 + 0.25, -1764583200123.456, -20000000000.5, 0.9999995, -0.0000005, 1.0000005,
    20000000000.000002, -20000000000.000002, 1e13, -2e10 - 0.25, 1e-300, -1e-300, 1e10 + 0.123456789, 1.9999999,
    -1.9999999, 1e300, "-1.9999999", "0.0000005", "-0.0000015", "20000000000.0", "-20000000000.0", "1e-300",
    "1.0e-300", "-1.0e-300", "0000-00-00", "9999-99-99", "2026-12-01t10:00:00Z", "2026-12-01T10:00:00.123456+05:30",
    # total_seconds() rounding beyond 2**53 microseconds
    "P999999999DT86399.999999S", "-P999999998DT86399.999999S", "P100000DT0.000001S", "P104249991DT0.000001S",
    "-P3DT0.000001S",
    # other JSON types
    True, False, None, [], [1], ["2026-12-01"], {}, {"a": 1}, {"year": 2026, "month": 12, "day": 1},
]


def check_distinct(values):
    seen = set()
    for value in values:
        key = json.dumps(value)
        assert (type(value), key) not in seen, f"duplicate input {key}"
        seen.add((type(value), key))


check_distinct(inputs)

records = []
for name, target in targets.items():
    adapter = TypeAdapter(target)
    for value in inputs:
        entry = {"target": name, "input": value}
        if isinstance(value, int) and not isinstance(value, bool) and not -2**63 <= value < 2**63:
            entry["beyond_int64"] = True
        try:
            result = adapter.validate_python(value)
            entry["value"] = adapter.dump_python(result, mode="json")
            entry["jsonable"] = jsonable_encoder(result)
        except ValidationError as error:
            entry["errors"] = json.loads(error.json(include_url=False))
        except Exception as error:  # noqa: BLE001 - recorded, see the docstring
            entry["exception"] = type(error).__name__
        records.append(entry)
print(json.dumps(records, indent=0, ensure_ascii=False))
