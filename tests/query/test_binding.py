"""Giving a module its parameters as a command line does (QueryModule.bind), and naming modules and
parameters: a misspelt name is refused with the closest names."""

from __future__ import annotations

import re

import pytest
from conftest import ROOT

import spinekg
from spinekg.errors import ParameterError, SpineKGError, UnknownModuleError
from spinekg.query.modules import NAMED_ARGUMENT, get_module, module_names


def _header_params(module: str) -> list[str]:
    """The parameter names of a module in the order of its .rq header, read from the file."""
    text = (ROOT / "queries" / f"{module}.rq").read_text(encoding="utf-8")
    return re.findall(r"^# param: (\w+):", text, flags=re.MULTILINE)


def test_bare_values_fill_the_parameters_in_the_order_of_the_header_optional_ones_included() -> None:
    names = _header_params("differential-diagnosis")
    assert names[:2] == ["f1", "f2"]
    bound = get_module("differential-diagnosis").bind(["morning stiffness more than 30 minutes", "pain increases with rest", "fever"])
    assert bound == {names[0]: "morning stiffness more than 30 minutes", names[1]: "pain increases with rest", names[2]: "fever"}
    assert get_module("provenance").bind(["ibuprofen", "stomach upset"]) == dict(zip(_header_params("provenance"), ["ibuprofen", "stomach upset"], strict=True))


@pytest.mark.parametrize(
    ("args", "bound"),
    [
        (["first=ibuprofen", "second=Advil"], {"first": "ibuprofen", "second": "Advil"}),
        (["second=Advil", "first=ibuprofen"], {"first": "ibuprofen", "second": "Advil"}),
        (["ibuprofen", "second=Advil"], {"first": "ibuprofen", "second": "Advil"}),
        (["second=Advil", "ibuprofen"], {"first": "ibuprofen", "second": "Advil"}),
        (["ibuprofen"], {"first": "ibuprofen"}),
    ],
    ids=["named", "named-any-order", "bare-then-named", "named-then-bare", "one-of-two"],
)
def test_named_and_bare_values_mix(args: list[str], bound: dict[str, str]) -> None:
    assert get_module("provenance").bind(args) == bound


@pytest.mark.parametrize(
    ("module", "args", "message"),
    [
        ("provenance", ["first=ibuprofen", "Advil"], r"parameter first of 'provenance' is given twice \('Advil' by position and 'ibuprofen' by name\)"),
        ("provenance", ["first=ibuprofen", "first=Advil"], r"parameter first of 'provenance' is given twice \('ibuprofen' and 'Advil', both by name\)"),
        ("claims-about-term", ["Aleve", "Advil"], r"takes at most 1 value \(term\); 'Advil' left over"),
        ("red-flags", ["fever"], r"'red-flags' takes no parameters; 'fever' left over"),
        ("differential-diagnosis", ["a", "b", "c", "d", "e", "f"], r"at most 5 values \(f1, \[f2\], \[f3\], \[f4\], \[f5\]\); 'f' left over"),
    ],
    ids=["by-position-and-name", "twice-by-name", "one-too-many", "none-taken", "six-of-five"],
)
def test_a_parameter_with_two_values_or_a_value_without_a_parameter_is_a_parameter_error(module: str, args: list[str], message: str) -> None:
    with pytest.raises(ParameterError, match=message) as err:
        get_module(module).bind(args)
    assert err.value.module == module


@pytest.mark.parametrize(
    ("arg", "named"),
    [
        ("text=a=b", ("text", "a=b")),
        ("first=ESR > 20", ("first", "ESR > 20")),
        ("ESR >= 20", None),
        ("pain = 7", None),
        ("7=seven", None),
        ("=x", None),
        ("morning stiffness more than 30 minutes", None),
    ],
)
def test_an_argument_names_its_parameter_only_when_it_starts_with_a_word_and_an_equals_sign(arg: str, named: tuple[str, str] | None) -> None:
    """The documented rule: NAME=VALUE where NAME is a word; the value is all after the first "="."""
    match = NAMED_ARGUMENT.fullmatch(arg)
    assert (match.groups() if match else None) == named


def test_a_value_holding_an_equals_sign_is_given_with_its_parameters_name() -> None:
    assert get_module("term-search").bind(["text=a=b"]) == {"text": "a=b"}
    assert get_module("term-search").bind(["a >= b"]) == {"text": "a >= b"}
    with pytest.raises(ParameterError, match=r"takes no parameter a \(it takes: text\); for the value 'a=b', write text=a=b$"):
        get_module("term-search").bind(["a=b"])


@pytest.mark.parametrize(
    ("module", "arg", "meant"),
    [("provenance", "frist=ibuprofen", "first"), ("provenance", "Second=Advil", "second"), ("drugs-of-class", "drugclass=NSAID", "drugClass")],
)
def test_a_misspelt_parameter_name_names_the_closest(module: str, arg: str, meant: str) -> None:
    with pytest.raises(ParameterError, match=f"takes no parameter {arg.split('=')[0]}; did you mean {meant}\\?") as err:
        get_module(module).bind([arg])
    assert err.value.parameters == (arg.split("=")[0],)


def test_a_misspelt_keyword_names_the_closest_parameter_in_python_too(kg: spinekg.KnowledgeGraph) -> None:
    with pytest.raises(ParameterError, match=r"^query module 'claims-about-term' takes no parameter trm; did you mean term\? \(it takes: term\)$"):
        kg.query("claims-about-term", trm="Aleve")


@pytest.mark.parametrize(("typed", "meant"), [("treatments-fr", "treatments-for"), ("redflags", "red-flags"), ("provenence", "provenance")])
def test_a_misspelt_module_names_the_closest_modules_only(typed: str, meant: str) -> None:
    with pytest.raises(UnknownModuleError) as err:
        get_module(typed)
    assert err.value.suggestions[0] == meant and len(err.value.suggestions) <= 3
    assert str(err.value) == f"no query module {typed!r}; closest: {', '.join(err.value.suggestions)}"
    assert isinstance(err.value, SpineKGError) and isinstance(err.value, KeyError)


def test_a_module_name_like_no_other_lists_them_all() -> None:
    files = sorted(p.stem for p in (ROOT / "queries").glob("*.rq"))
    assert module_names() == files
    with pytest.raises(UnknownModuleError, match=f"^no query module 'xyz'; the modules are {', '.join(files)}$"):
        get_module("xyz")


def test_the_usage_line_brackets_optional_parameters() -> None:
    assert get_module("differential-diagnosis").usage == "differential-diagnosis f1 [f2] [f3] [f4] [f5]"
    assert get_module("red-flags").usage == "red-flags"
