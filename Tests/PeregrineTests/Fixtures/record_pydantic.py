#!/usr/bin/env python3
"""Record pydantic's verdicts on scalar inputs, for ValidationTableTests.

    python3 Tests/PeregrineTests/Fixtures/record_pydantic.py > Tests/PeregrineTests/Fixtures/pydantic_scalars.json

Each entry names a target (a type, possibly with constraints), an input (JSON), and what pydantic
2 does with it in FastAPI's lax mode: the value it produces, or its list of errors (type, loc, msg,
input, ctx). The Swift tests validate the same input as the matching Swift type and expect the same.
Needs `pip install pydantic`.
"""
import enum
import json
import uuid
from typing import Annotated, Optional

from pydantic import Field, TypeAdapter, ValidationError
from pydantic_core import to_jsonable_python


class ModelName(str, enum.Enum):
    alexnet = "alexnet"
    resnet = "resnet"
    lenet = "lenet"


targets = {
    "String": str,
    "Int": int,
    "Double": float,
    "Bool": bool,
    "UUID": uuid.UUID,
    "ModelName": ModelName,
    "[Int]": list[int],
    "Int?": Optional[int],
    "[String: Int]": dict[str, int],
    "String(minLength: 3, maxLength: 5, pattern: ^[a-z]+$)": Annotated[str, Field(min_length=3, max_length=5, pattern="^[a-z]+$")],
    "String?(minLength: 1)": Annotated[Optional[str], Field(min_length=1)],
    "Double(gt: 0, lt: 10.5)": Annotated[float, Field(gt=0, lt=10.5)],
    "Double(ge: 1, le: 10)": Annotated[float, Field(ge=1, le=10)],
    "Int(ge: 1, le: 1000)": Annotated[int, Field(ge=1, le=1000)],
    "Int(gt: 0, lt: 10)": Annotated[int, Field(gt=0, lt=10)],
    "[Int](minLength: 1, maxLength: 2)": Annotated[list[int], Field(min_length=1, max_length=2)],
}

inputs = [
    "abc", "", " 5 ", "5", "5.0", "5.00", "5.", "5.5", "-3", "+3", "1_000", "1__0", "_1", " 1_0", " 1_0.5", "1_0.5",
    "0x10", "1e3", "1E3", "1.e3", ".5", " 1.5 ", "\u00a05", "- 5", "inf", "-inf", "+inf", "nan", "NaN", "infinity",
    "Infinity", "infinit", "true", "True", "TRUE", "yes", "YES", "on", "On", "1", "0", "off", "oFF", "no", "f", "t",
    "y", "n", "F", "false", "maybe", " true", "1.0", "2", "-1", "alexnet", "ALEXNET", "resnet", "abcd", "abcdef", "ab",
    "ABC", "a", "\u00e9\u00e9\u00e9", "\U0001F44D\U0001F44D\U0001F44D", "abc\n",
    "12345678-1234-5678-1234-567812345678", "ABCDEF78-1234-5678-1234-567812345678", "12345678123456781234567812345678",
    "{12345678-1234-5678-1234-567812345678}", "urn:uuid:12345678-1234-5678-1234-567812345678",
    "12345678-1234-5678-1234-56781234567Z", "123-1234-5678-1234-567812345678", "12345678-12345-678-1234-567812345678",
    "12345678-1234-5678-1234-5678123456789", "12345678-1234-5678-1234", "{12345678123456781234567812345678}",
    "urn:uuid:1234", "1234567812345678123456781234567", "g", "-", "--", "\u00e9", "a\u00e9",
    "12345678-1234-5678-1234-567812345678 ", "9223372036854775807", "-9223372036854775808",
    0, 1, 2, -1, 5, 1000, 1001, 5.0, 5.5, 0.5, 10.5, 10.0, 0.0, -0.0, 1e20, 1e-7, True, False, None,
    [], [1], [1, 2], [1, 2, 3], ["a", 1], [1.5], {}, {"a": 1}, {"a": "x"}, {"a": "2", "b": "3"},
]

records = []
for name, target in targets.items():
    adapter = TypeAdapter(target)
    for value in inputs:
        entry = {"target": name, "input": value}
        try:
            result = adapter.validate_python(value)
            if isinstance(result, int) and not isinstance(result, bool) and not -2**63 <= result < 2**63:
                # Python integers are unbounded; Swift's Int is 64 bits. The Swift test expects
                # int_parsing_size for these.
                entry["beyond_int64"] = True
            entry["value"] = to_jsonable_python(result)
        except ValidationError as error:
            errors = json.loads(error.json(include_url=False))
            if name.startswith("Int") and isinstance(value, str) and value.strip().lstrip("+-").isdigit() \
                    and not -2**63 <= int(value) < 2**63:
                entry["beyond_int64"] = True
            entry["errors"] = errors
        records.append(entry)
print(json.dumps(records, indent=0, ensure_ascii=False))
