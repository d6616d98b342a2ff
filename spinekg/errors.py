"""The exceptions of spinekg. All derive from :class:`SpineKGError`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any


class SpineKGError(Exception):
    """Base class of every error spinekg raises on purpose."""


@dataclass(frozen=True, order=True)
class Problem:
    """One problem found in the curation sources, located by file and line."""

    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


class CurationError(SpineKGError, ValueError):
    """The curation sources are broken; :attr:`problems` lists every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(set(problems))
        n = len(self.problems)
        lines = "\n".join(f"  {p}" for p in self.problems)
        super().__init__(f"{n} problem{'s' if n != 1 else ''} in the curation sources:\n{lines}")


class StaleBuildError(SpineKGError):
    """The committed ontology files differ from what the curation sources build."""

    def __init__(self, stale: list[Path]) -> None:
        self.stale = stale
        names = ", ".join(str(p) for p in stale)
        super().__init__(f"built files are stale (run `spinekg build`): {names}")


class UnknownTermError(SpineKGError, KeyError):
    """No term has this label, synonym, brand name, ID or IRI."""

    def __init__(self, query: str, suggestions: list[str], reason: str = "") -> None:
        self.query = query
        self.suggestions = suggestions
        hint = f"; closest: {', '.join(suggestions)}" if suggestions else ""
        super().__init__(f"{reason or f'unknown term {query!r}'}{hint}")

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0])


class TermCategoryError(UnknownTermError):
    """A known term of a category the parameter does not take. :attr:`term` is the term's label,
    :attr:`modules` the query modules with a parameter that takes it (``module (parameter)``), and
    :attr:`suggestions` the terms the parameter takes that are closest to what was asked."""

    def __init__(self, query: str, suggestions: list[str], reason: str, *, term: str, modules: list[str]) -> None:
        self.term = term
        self.modules = modules
        super().__init__(query, suggestions, reason)


class UnknownModuleError(SpineKGError, KeyError):
    """No query module has this name; :attr:`suggestions` names the closest modules, and when
    none is close the message lists every module (``known``)."""

    def __init__(self, name: str, suggestions: list[str], known: list[str]) -> None:
        self.name = name
        self.suggestions = suggestions
        hint = f"closest: {', '.join(suggestions)}" if suggestions else f"the modules are {', '.join(known)}"
        super().__init__(f"no query module {name!r}; {hint}")

    def __str__(self) -> str:
        return str(self.args[0])


class AmbiguousTermError(SpineKGError, KeyError):
    """Several terms share this synonym; ask by label, ID or IRI instead."""

    def __init__(self, query: str, candidates: list[str]) -> None:
        self.query = query
        self.candidates = candidates
        super().__init__(f"ambiguous term {query!r}: it names {', '.join(candidates)}")

    def __str__(self) -> str:
        return str(self.args[0])


class DataNotFoundError(SpineKGError, FileNotFoundError):
    """A built ontology file is missing (the package was not built or not installed whole)."""


class UnknownRelationError(SpineKGError, KeyError):
    """No relation has this label, ID, CURIE or IRI."""

    def __init__(self, query: str, suggestions: list[str]) -> None:
        self.query = query
        self.suggestions = suggestions
        hint = f"; closest: {', '.join(suggestions)}" if suggestions else ""
        super().__init__(f"unknown relation {query!r}{hint}")

    def __str__(self) -> str:
        return str(self.args[0])


class UnknownFormatError(SpineKGError, ValueError):
    """No export format (or no reader) has this name."""

    def __init__(self, name: str, known: list[str], what: str = "export format") -> None:
        self.name = name
        self.known = known
        super().__init__(f"unknown {what} {name!r}; known: {', '.join(known)}")


class EndpointError(SpineKGError, ConnectionError):
    """A SPARQL endpoint failed: unreachable, an HTTP error, no answer in time, a connection that
    closed mid-answer, or an answer that is not what the protocol promises. The message names the
    URL; :attr:`status` is the HTTP status when there was one."""

    def __init__(self, url: str, message: str, *, status: int | None = None) -> None:
        self.url = url
        self.status = status
        self.message = message
        super().__init__(f"{url}: {message}")

    def __str__(self) -> str:  # OSError would format the arguments its own way
        return str(self.args[0])

    def __reduce__(self) -> tuple[object, ...]:  # pickles (free SPARQL runs in a child process)
        return (EndpointError, (self.url, self.message), {"status": self.status})

    def __setstate__(self, state: dict[str, Any] | None) -> None:
        self.status = (state or {}).get("status")


class ServerError(SpineKGError, RuntimeError):
    """The SPARQL server could not be started: the Oxigraph binary is missing, loading failed, the
    address is taken, or the server exited."""


class QueryRefusedError(SpineKGError, ValueError):
    """The query is not allowed: empty, an update, SERVICE, FROM naming a graph from elsewhere, not
    valid SPARQL, or one the engine cannot run."""


class QueryTimeoutError(SpineKGError, TimeoutError):
    """The query ran past its time limit (and was stopped)."""


class QueryLimitError(SpineKGError, RuntimeError):
    """The query's answer went past a limit: more rows than allowed, or more memory."""


class QueryFailedError(SpineKGError, RuntimeError):
    """The engine could not finish the query (a SERVICE call that failed, a crash in the engine)."""


class WriteError(SpineKGError, OSError):
    """Files could not be written (a full disk, a missing or read-only folder, a directory where a
    file should be); every file at the paths is left as it was."""

    def __init__(self, path: object, err: OSError | str) -> None:
        self.path = path
        self.reason = err if isinstance(err, str) else err.strerror or str(err)
        super().__init__(f"cannot write {path}: {self.reason}; {self.unchanged}")

    unchanged = "nothing was changed"

    def __str__(self) -> str:
        return str(self.args[0])


class BuildWriteError(WriteError):
    """The built files could not be written; none of them changed."""

    unchanged = "the built files are unchanged"


class ArgumentError(SpineKGError, TypeError):
    """A function of spinekg was called with an argument of the wrong type, or a query module with
    a parameter it does not take, without one it needs, or with one twice."""


class InvalidValueError(SpineKGError, ValueError):
    """An argument has the right type but a value spinekg cannot use (an unknown engine, a time
    or row limit that is not a positive number)."""


class InvalidLimitError(InvalidValueError):
    """A time, row or memory limit that is not a positive finite number."""


class MissingExtraError(SpineKGError, ImportError):
    """A package of an optional extra is not installed (the message names the ``pip install``)."""


class ParameterError(ArgumentError):
    """A query module was given a parameter it does not take, lacks one it needs, or got a value
    its parameter does not accept (a term name that is not a string, an integer that is not one).
    The message names the parameter and what the module takes; :attr:`module` is the module's name
    and :attr:`parameters` the names at fault."""

    def __init__(self, message: str, *, module: str = "", parameters: tuple[str, ...] = ()) -> None:
        self.module = module
        self.parameters = parameters
        super().__init__(message)
