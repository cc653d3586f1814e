#!/usr/bin/env python3
"""Record pydantic's verdicts on Decimal and URL inputs, for the DecimalText and URLText tests.

    python3 Tests/PeregrineTests/Fixtures/record_pydantic_decimal_url.py > Tests/PeregrineTests/Fixtures/pydantic_decimal_url.json

Each entry names a target (a type, possibly with constraints), an input (JSON), and what pydantic
2 does with it in FastAPI's lax mode (`TypeAdapter(target).validate_python` of the parsed JSON):
either its list of errors (type, loc, msg, input, ctx), or the value in two output forms:
"value", pydantic's own JSON-mode serialization (`dump_python(mode="json")`: a Decimal becomes
its `str`, such as "12.50", a URL its normalized text), and "jsonable", what
`fastapi.encoders.jsonable_encoder` makes of it (a Decimal becomes an int when its exponent is
>= 0, otherwise a float). "jsonable_text" is `json.dumps` of the latter, the exact text a FastAPI
response would contain (`Infinity` and `NaN` included). Where an output form raises, the entry
records "value_raises" or "jsonable_raises" (the exception's class name) instead; where
validation itself raises something other than a ValidationError, "raises". Errors are as
`error.json()` shows them; where FastAPI's own rendering (`jsonable_encoder(exc.errors())`)
differs, as for Decimal values in ctx, which it turns into numbers, "fastapi_errors" has it.
URL entries also record pydantic's "parts" (scheme, username, password, host, port, path,
query, fragment; its `port` includes the scheme's default). "input_type" is the input's Python
type; "input_repr" repeats a float input as `repr` gives it, and "input_digits" an integer input
beyond 64 bits as digits, for JSON readers that lose precision.
Needs `pip install pydantic fastapi`.
"""
import json
import math
from decimal import Decimal
from typing import Annotated, Optional

from fastapi.encoders import jsonable_encoder
from pydantic import AnyUrl, Field, HttpUrl, TypeAdapter, ValidationError

decimal_targets = {
    "Decimal": Decimal,
    "Decimal(max_digits=8, decimal_places=2, ge=0)": Annotated[Decimal, Field(max_digits=8, decimal_places=2, ge=0)],
    "Decimal(gt=0, lt=100)": Annotated[Decimal, Field(gt=0, lt=100)],
    "Decimal(multiple_of=0.25)": Annotated[Decimal, Field(multiple_of=Decimal("0.25"))],
    "Decimal(allow_inf_nan=True)": Annotated[Decimal, Field(allow_inf_nan=True)],
}

url_targets = {
    "HttpUrl": HttpUrl,
    "HttpUrl?": Optional[HttpUrl],
    "AnyUrl": AnyUrl,
}

decimal_inputs = [
    "12.50", "12.505", "12.5", "12.500", "1234567.89", "123456.789", "12345678.9", "123456.7", "1234567.8",
    "0", "-0", "0.0", "-0.00", "+0", "-1", "+1", "1", "100", "99.99", "99.999", "100.00", "0.01", "0.001", "0.010",
    "0.0100", "1e3", "1E+2", "1e2", "1E-2", "1.5e-3", "1.5E+3", "5e-1", "1e-7", "1e-6", "1E+6", "2.5e1", "1e0",
    "1e+0", "1e-0", "0e5", "0E-5", "-0e-3", "1.e3", ".5", "5.", ".", "e5", "1e", "1e+", "1.2.3", "1ee3",
    "  12.5  ", "\t12.5\n", "\u00a012.5", "1_000", "1__000", "_1", "1_", "1_0.5", "1._5", "1e1_0", "0x10", "0b1",
    "inf", "Inf", "INF", "-inf", "+inf", "Infinity", "-Infinity", "infinity", "iNfInItY", "infinit", "nan", "NaN",
    "-NaN", "+nan", "NaN123", "nan0012", "NaN0", "sNaN", "-sNaN", "snan", "sNaN12", "Nan.", "NaN-1", "", " ", "abc",
    "12,5", "12 5", "- 5", "--5", "+-5", "\u0661\u0662", "\uff11\uff12", "1\u00b2", "12.50abc",
    "00012.5000", "000", "-000.000", "0.000001", "0.0000001", "1234567890123456789012345678",
    "12345678901234567890123456789", "0.1234567890123456789012345678901234567890",
    "12345678901234567890123456789012345678", "123456789012345678901234567890123456789",
    "1234567890123456789012345678901234567890123456789012345678901234567890",
    "1." + "0" * 40, "1e400", "1e-400", "-1.5e300", "9.99999999e99",
    "1e999999999999999999", "1e1000000000000000000", "1e-999999999999999999",
    "1.25", "0.75", "0.3", "-0.5", "2.50", "1e30", "1e27", "1e26", "2.5e26", "1.0000000000000000000000000001",
    "0.25000000000000000000000000001", "1000000000000000000000000000.25", "99.9999999999999999999999999999",
    "100.000000000000000000000000001", "1E+2", "1E+1",
    12, 0, -1, 100, 99, 123456789, 12345678901234567890, 10**40, -(10**30),
    12.5, 12.50, 0.1, 0.25, 0.3, 1e20, 1e16, 1e15, 1234567890123456.0, 1e-5, 1e-4, 1e-7, 1.5e-3, 1e300, 5e-324,
    -0.0, 0.0, 99.99, 100.0, 2.5, 1.0, 123456.789, 3.141592653589793, 1e22, 1.7976931348623157e308,
    2.2250738585072014e-308, 0.30000000000000004, 1 / 3, 2.675, 1e-3, 123e-20, -2.5,
    True, False, None, [], [1], {}, {"a": 1},
]

long_url = "https://example.com/" + "a" * 2070
long_url_ok = "https://example.com/" + "a" * 2063

url_inputs = [
    "https://example.com", "https://example.com/", "https://example.com/me", "http://example.com",
    "HTTPS://EXAMPLE.COM:443/a/../b/./c?x=1#f", "http://example.com:80", "http://example.com:80/", "https://example.com:80",
    "http://example.com:443", "https://example.com:443", "http://example.com:8080/path", "http://example.com:0",
    "http://example.com:65535", "http://example.com:65536", "http://example.com:99999999", "http://example.com:-1",
    "http://example.com:abc", "http://example.com:", "http://example.com:/x", "http://example.com:00080",
    "http://localhost:8000", "http://localhost", "https://user:pw@host/", "https://user@host", "https://:pw@host",
    "https://user:@host", "https://us er:p w@host", "https://a@b@host", "https://user:pa:ss@host",
    "https://@host", "https://@", "https://user@", "not a url", "", " ", "example.com", "www.example.com/path",
    "/relative/path", "//example.com/x", "ftp://example.com", "ftp://example.com/file.txt", "mailto:a@b.c",
    "mailto:A@B.C", "file:///etc/passwd", "file://host/share", "file:/x", "ws://example.com/socket", "wss://h:443/",
    "data:text/plain,Hello%20World", "urn:isbn:0451450523", "javascript:alert(1)", "foo://bar/baz?q#f",
    "Foo://Bar/baz", "foo:/a/../b", "foo:", "foo://", "git+ssh://git@github.com/a/b.git", "a1+.-b://x",
    "1http://x", "-http://x", "ht tp://x", "http:", "http://", "https://", "http:///", "http:///example.com",
    "http:////example.com", "http:example.com", "http:/example.com", "https:\\\\example.com\\a\\b",
    "http://exa mple.com", "https://exa mple.com", "https://exa%20mple.com", "https://example.com/a b",
    "https://example.com/a\tb", "https://exam\nple.com/", "https://example.com/\u00e4", "https://m\u00fcnchen.de/\u00e4",
    "https://M\u00dcNCHEN.de", "https://xn--mnchen-3ya.de/", "https://\u4f8b\u3048.jp/", "https://\u00fcber.example.com",
    "https://xn--a.com", "https://xn--.com", "https://ex\u00e4mple.com:8080/p?q=\u00e4#\u00e4",
    "https://example.com./", "https://example..com/", "https://.example.com/", "https://a.b.c.d.e/",
    "http://[::1]:8080/", "http://[::1]", "http://[::]/", "http://[0:0:0:0:0:0:0:1]/", "http://[2001:DB8::1]/",
    "http://[2001:db8:0:0:1:0:0:1]/", "http://[2001:db8::0:1:0:0:1]/", "http://[::ffff:192.168.0.1]/",
    "http://[::1", "http://[::1]x/", "http://[:1]/", "http://[1::2::3]/", "http://[fe80::1%25eth0]/",
    "http://[1:2:3:4:5:6:7:8:9]/", "http://[12345::]/", "http://[::1.2.3]/", "http://[::1.2.3.256]/",
    "http://127.0.0.1/", "http://127.1/", "http://0x7f.1/", "http://0x7F.0.0.1/", "http://0177.0.0.1/",
    "http://2130706433/", "http://0/", "http://127.0.0.1.", "http://1.2.3.4.5/", "http://256.0.0.1/",
    "http://1.2.3.256/", "http://1.2.65536/", "http://4294967295/", "http://4294967296/", "http://0x100000000/",
    "http://09.1.1.1/", "http://1.2.3.09/", "http://0x/", "http://1.2.3.4a/", "http://foo.123/", "http://foo.0x1/",
    "http://1.2.3.four/", "https://%31%32%37.0.0.1/", "https://EXAMPLE.com%2F/", "https://ex%41mple.com/",
    "https://example.com/%7Efoo", "https://example.com/%7efoo", "https://example.com/~foo", "https://example.com/%zz",
    "https://example.com/%", "https://example.com/a%2Fb", "https://example.com/a/b/../../..", "https://example.com/./a/%2e/b/%2E%2e/c",
    "https://example.com/a/.%2E/b", "https://example.com//a//b", "https://example.com/a/..", "https://example.com/a/.",
    "https://example.com/\"quoted\"", "https://example.com/<tag>", "https://example.com/`back`", "https://example.com/{x}",
    "https://example.com/a|b^c", "https://example.com/a;b=c", "https://example.com/@user", "https://example.com/a'b",
    "https://example.com/?q=a b", "https://example.com/?q=\"x\"&y=<z>", "https://example.com/?q='x'", "https://example.com/?q=\u00e4",
    "https://example.com/?q=%zz", "https://example.com/?", "https://example.com/#", "https://example.com/?#",
    "https://example.com#frag ment", "https://example.com#a\"b<c>d`e", "https://example.com/#\u00e4", "https://example.com?x#y?z#w",
    "https://example.com/?a=1&b=2&a=3", "https://example.com/path?query=1#fragment", "https://example.com\\path",
    "  https://example.com  ", "\thttps://example.com\n", "\u00a0https://example.com", "https://example.com/\u0000x",
    "https://example.com\u0000/", "https://ex\u00adample.com/", "https://example.com/\U0001F600",
    "https://\U0001F600.com/", "https://example.com:8080\\x", "http://example.com?", "http://example.com#",
    "http://a:b@c:1/d?e#f", "http://%/", "http://a%2/", "http://a<b/", "http://a>b/", "http://a^b/", "http://a|b/",
    "http://a%00b/", "http://a*b/", "http://a_b/", "http://a~b/", "http://a!b/", "http://a$b/", "http://a&b/",
    "http://a'b/", "http://a(b)/", "http://a+b/", "http://a,b/", "http://a;b/", "http://a=b/", "http://a{b}/",
    "foo://a b/", "foo://a%2/", "foo://[::1]/", "foo://EXAMPLE.com:8080/", "foo://m\u00fcnchen.de/", "foo://1.2.3/",
    "foo://h:99999/", "foo:// x", "non-special:opaque path", "non-special:opaque\u00e4", "sc:\\../", "sc:/.//p",
    "web+demo:/.//not-a-host/", "web+demo:/..//not-a-host/", "http://example.com/foo/%2e%2", "http://ex.com/a?b#c#d",
    "http://user:pass@[::1]:8080/p?q#f", "HTTP://Example.COM/Path", "http://example.com/a/b/c/./../../g",
    "http://example.com/%2e/", "http://example.com/..", "file:///C:/x", "file://localhost/etc", "file:c:\\x",
    "file://host/../x", "file:///a/../../b", "file://C|/x", "http://ex.com:8080:90/", "http://ex.com/?q=%20",
    "https://example.com/\u2028", "http://a.b-c.d_e/", "http://xn--ls8h.la/", "http://XN--LS8H.la/",
    "http://\uff41\uff42\uff43.com/", "http://\uff25\uff58\uff41\uff4d\uff50\uff4c\uff45.com",
    "http://example\u3002com/", "http://fa\u00df.de/", "http://\u03a3\u0391\u03a3.gr/", "http://\u200cx.com/",
    "http://a\u200db.com/", "http://abc\u0301.com/", "http://\u0301abc.com/", "http://\u65e5\u672c\u8a9e\u3002\uff2a\uff30/",
    "http://xn--MNCHEN-3YA.de/", "http://example.com:\uff18\uff10/", "http://1.2.3.4:80/", "http://[::1]:80/",
    "http://0x7f.0x0.0x0.0x1/", "http://1.0x/", "http://0.0.0.0x100/", "http://0x1.0x2.0x3.0x4/", "http://1.2.3./",
    "http://.1.2.3/", "http://example.com/foo?bar#baz qux", "http://example.com/\\\\", "  \u0000http://example.com",
    "http://example.com/a\rb", "http://%zz.com/", "http://%C3%BCber.de/", "http://%FF.com/", "http://ex%2Eample.com/",
    "http://a..b/", "http://-a.com/", "http://a-.com/", "http://ab--c.com/", "http://xn--ab--c.com/", "http://a\u00a0b.com/",
    "http://\u00ad/", "http://\uff0e/", "http://\uff20x.com/", "http://\u2488.com/", "http://\u05d0\u05d1.com/",
    "http://1\u05d0.com/", "http://\u0627\u0644\u0639\u0631\u0628\u064a\u0629.com/", "mailto:Joe@Example.COM?subject=Hi there",
    "urn:uuid:6e8bc430-9c3a-11d9-9669-0800200c9a66", "tel:+1-816-555-1212", "ssh://[::1]:22/x", "redis://user:secret@localhost:6379/0",
    "postgres://u@h1,h2/db", "HtTpS://ExAmPlE.cOm", "http://example.com/?a=%2", "http://example.com/?%", "http://example.com/#%zz",
    long_url, long_url_ok, "https://example.com/" + "b" * 2064, "https://example.com/" + "\u00e4" * 1100,
    5, 0, 1.5, True, None, [], {}, ["https://example.com"],
]

records = []


def record(name, target, value):
    adapter = TypeAdapter(target)
    # The Python type of the input (JSON alone does not tell 12 from 12.0 after parsing).
    entry = {"target": name, "input": value, "input_type": type(value).__name__}
    if type(value) is int and not -2**63 <= value < 2**63:
        # Beyond Swift's Int: the Swift side validates the digits as a string, which for a
        # Decimal is the same (Decimal(int) == Decimal(str(int))).
        entry["input_digits"] = str(value)
    if type(value) is float:
        entry["input_repr"] = repr(value)  # for JSON readers that do not round floats correctly
    try:
        result = adapter.validate_python(value)
    except ValidationError as error:
        entry["errors"] = json.loads(error.json(include_url=False))
        # FastAPI renders errors with jsonable_encoder(exc.errors()): a Decimal in ctx becomes a number.
        fastapi_errors = jsonable_encoder(error.errors(include_url=False))
        if json.loads(json.dumps(fastapi_errors)) != entry["errors"]:
            entry["fastapi_errors"] = fastapi_errors
        records.append(entry)
        return
    except Exception as error:  # pydantic lets some decimal exceptions escape
        entry["raises"] = type(error).__name__
        records.append(entry)
        return
    try:
        entry["value"] = adapter.dump_python(result, mode="json")
    except Exception as error:
        entry["value_raises"] = type(error).__name__
    if name in url_targets and result is not None:
        entry["parts"] = {
            "scheme": result.scheme, "username": result.username, "password": result.password,
            "host": result.host, "port": result.port, "path": result.path, "query": result.query,
            "fragment": result.fragment,
        }
    if isinstance(result, Decimal) and result.is_finite() and result != 0 and result.as_tuple().exponent >= 0 \
            and len(result.as_tuple().digits) + result.as_tuple().exponent > 4300:
        # int(result) would have more than 4300 digits: json.dumps refuses to write such an int
        # (ValueError), and computing it can exhaust memory first, so skip it.
        entry["jsonable_raises"] = "ValueError"
        records.append(entry)
        return
    try:
        jsonable = jsonable_encoder(result)
        # JSON has no inf or nan, and many JSON readers no integers of hundreds of digits:
        # for those, only jsonable_text shows the value.
        if not (isinstance(jsonable, float) and not math.isfinite(jsonable)) and not (
            type(jsonable) is int and not -2**63 <= jsonable < 2**63
        ):
            entry["jsonable"] = jsonable
        # The exact text FastAPI's JSON response would contain.
        entry["jsonable_text"] = json.dumps(jsonable, ensure_ascii=False)
    except Exception as error:
        entry["jsonable_raises"] = type(error).__name__
    records.append(entry)


for name, target in decimal_targets.items():
    for value in decimal_inputs:
        record(name, target, value)
for name, target in url_targets.items():
    for value in url_inputs:
        record(name, target, value)

print(json.dumps(records, indent=0, ensure_ascii=False))
