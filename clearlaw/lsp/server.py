"""The language server: ``clearlaw.lsp.analysis`` and ``clearlaw.lsp.features`` over the
Language Server Protocol, on pygls.

Each open file is checked when it is opened, changed or saved, off the protocol's thread so
that hover and completion answer while a long statute is checked.  A statute is checked in
two steps: first everything but the search for rules that can never apply or that conflict,
parsing again only the declarations an edit changed (``clearlaw.lsp.incremental``), and its
diagnostics are published at once; then that search (which can take seconds on a large
statute), and the whole check's diagnostics replace them.  When edits come faster than
checks, only the newest text's diagnostics are published.  The features read the newest
analysis that parsed, so they keep working while the text is half typed.
"""

from __future__ import annotations

import asyncio
import functools
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from lsprotocol import types as t
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path, to_fs_path
from pygls.workspace import TextDocument

from clearlaw import __version__
from clearlaw import nodes as n
from clearlaw.diagnostics import Diagnostic
from clearlaw.library import STATUTE_SUFFIX, TESTS_SUFFIX
from clearlaw.lsp import features
from clearlaw.lsp.analysis import Analysis, analyze, finish
from clearlaw.lsp.incremental import Reparser

__all__ = ["ClearlawServer", "server"]

_SEVERITY = {"error": t.DiagnosticSeverity.Error, "warning": t.DiagnosticSeverity.Warning}


class ClearlawServer(LanguageServer):
    """The server, with each open file's newest analysis (``analyses``) and the newest that
    parsed (``parsed``)."""

    def __init__(self) -> None:
        super().__init__("clearlaw", __version__)
        self.analyses: dict[str, Analysis] = {}
        self.parsed: dict[str, Analysis] = {}
        self.pending: dict[str, asyncio.Task[None]] = {}
        self.reparsers: dict[str, Reparser] = {}
        # one thread parses (the reparsers' trees are its own), one searches the logic
        self.quick = ThreadPoolExecutor(1, "clearlaw-check")
        self.thorough = ThreadPoolExecutor(1, "clearlaw-logic")

    def path_of(self, uri: str) -> str:
        """The file a document is (``<untitled>`` for one that is not saved)."""
        return to_fs_path(uri) or "<untitled>"

    def text_of(self, path: Path) -> str | None:
        """The editor's text of a file, if it is open."""
        uri = from_fs_path(str(path))
        opened = self.workspace.text_documents.get(uri) if uri else None
        return opened.source if opened is not None else None

    def client_range(self, uri: str, span: n.Span) -> t.Range:
        """A clearlaw span as a range in the client's units (UTF-16 unless agreed else)."""
        document = self.workspace.get_text_document(uri)
        return document.position_codec.range_to_client_units(
            document.lines, features.to_range(span)
        )

    def position(self, document: TextDocument, position: t.Position) -> t.Position:
        """A client position in characters (what ``features`` counts)."""
        p = document.position_codec.position_from_client_units(document.lines, position)
        return t.Position(p.line, p.character)

    def check(self, uri: str) -> None:
        """Check a document in a worker thread and publish its diagnostics, unless it changed
        meanwhile (the newer check publishes)."""
        previous = self.pending.pop(uri, None)
        if previous is not None:
            previous.cancel()
        self.pending[uri] = asyncio.get_running_loop().create_task(self._check(uri))

    async def _check(self, uri: str) -> None:
        try:
            await self._check_now(uri)
        except asyncio.CancelledError:
            raise
        except Exception as err:  # a bug must not leave the file unchecked in silence
            message = f"clearlaw could not check this file ({type(err).__name__}: {err})"
            self.window_log_message(t.LogMessageParams(t.MessageType.Error, message))
            span = n.Span(self.path_of(uri), 1, 1, 1, 1)
            self.publish(uri, None, Analysis((Diagnostic(span, message),)))

    async def _check_now(self, uri: str) -> None:
        document = self.workspace.get_text_document(uri)
        version, text, path = document.version, document.source, self.path_of(uri)
        loop = asyncio.get_running_loop()
        reparser = self.reparsers.setdefault(uri, Reparser())
        quick = functools.partial(analyze, parse=reparser.parse, logic=False)
        # a tests file loads its whole statute: it waits with the slow checks
        pool = self.thorough if path.endswith(TESTS_SUFFIX) else self.quick
        analysis = await loop.run_in_executor(pool, quick, text, path, self.text_of)
        if self.workspace.get_text_document(uri).version != version:
            return
        self.publish(uri, version, analysis)
        if analysis.pending:
            analysis = await loop.run_in_executor(self.thorough, finish, analysis, text, path)
            if self.workspace.get_text_document(uri).version != version:
                return
            self.publish(uri, version, analysis)
        for other in list(self.workspace.text_documents):  # its open tests file, against it now
            tests = Path(self.path_of(other))
            if tests.suffix == TESTS_SUFFIX and tests.with_suffix(STATUTE_SUFFIX) == Path(path):
                self.check(other)

    def publish(self, uri: str, version: int | None, analysis: Analysis) -> None:
        """Keep a document's analysis and publish its diagnostics."""
        self.analyses[uri] = analysis
        if (
            analysis.statute is not None
            or analysis.tests is not None
            or analysis.policy is not None
        ):
            self.parsed[uri] = analysis
        diagnostics = [self.diagnostic(uri, d) for d in analysis.diagnostics]
        self.text_document_publish_diagnostics(
            t.PublishDiagnosticsParams(uri=uri, version=version, diagnostics=diagnostics)
        )

    def diagnostic(self, uri: str, d: Diagnostic) -> t.Diagnostic:
        """A clearlaw diagnostic as LSP has it, its hint after the message."""
        return t.Diagnostic(
            range=self.client_range(uri, d.span),
            message=f"{d.message}\n{d.hint}" if d.hint else d.message,
            severity=_SEVERITY.get(d.severity, t.DiagnosticSeverity.Information),
            source="clearlaw",
        )

    def analysis(self, uri: str) -> Analysis:
        """The newest analysis of the document that parsed (an empty one before any did)."""
        return self.parsed.get(uri) or Analysis(())


server = ClearlawServer()


@server.feature(t.TEXT_DOCUMENT_DID_OPEN)
def _opened(ls: ClearlawServer, params: t.DidOpenTextDocumentParams) -> None:
    ls.check(params.text_document.uri)


@server.feature(t.TEXT_DOCUMENT_DID_CHANGE)
def _changed(ls: ClearlawServer, params: t.DidChangeTextDocumentParams) -> None:
    ls.check(params.text_document.uri)


@server.feature(t.TEXT_DOCUMENT_DID_SAVE)
def _saved(ls: ClearlawServer, params: t.DidSaveTextDocumentParams) -> None:
    ls.check(params.text_document.uri)


@server.feature(t.TEXT_DOCUMENT_DID_CLOSE)
def _closed(ls: ClearlawServer, params: t.DidCloseTextDocumentParams) -> None:
    uri = params.text_document.uri
    ls.analyses.pop(uri, None)
    ls.parsed.pop(uri, None)
    ls.reparsers.pop(uri, None)
    ls.text_document_publish_diagnostics(t.PublishDiagnosticsParams(uri=uri, diagnostics=[]))


@server.feature(t.TEXT_DOCUMENT_HOVER)
def _hover(ls: ClearlawServer, params: t.HoverParams) -> t.Hover | None:
    document = ls.workspace.get_text_document(params.text_document.uri)
    position = ls.position(document, params.position)
    return features.hover(document.source, ls.analysis(document.uri), position)


@server.feature(t.TEXT_DOCUMENT_DEFINITION)
def _definition(ls: ClearlawServer, params: t.DefinitionParams) -> t.Location | None:
    document = ls.workspace.get_text_document(params.text_document.uri)
    position = ls.position(document, params.position)
    path = ls.path_of(document.uri)
    found = features.definition(document.source, path, ls.analysis(document.uri), position)
    if found is None:
        return None
    file, span = found
    uri = from_fs_path(str(Path(file).resolve())) if file != path else document.uri
    return t.Location(uri=uri or document.uri, range=ls.client_range(uri or document.uri, span))


@server.feature(t.TEXT_DOCUMENT_COMPLETION, t.CompletionOptions(trigger_characters=["."]))
def _complete(ls: ClearlawServer, params: t.CompletionParams) -> t.CompletionList:
    document = ls.workspace.get_text_document(params.text_document.uri)
    position = ls.position(document, params.position)
    items = features.completions(document.source, ls.analysis(document.uri), position)
    return t.CompletionList(is_incomplete=False, items=items)


@server.feature(t.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
def _outline(ls: ClearlawServer, params: t.DocumentSymbolParams) -> list[t.DocumentSymbol]:
    document = ls.workspace.get_text_document(params.text_document.uri)
    found = features.symbols(document.source, ls.path_of(document.uri), ls.analysis(document.uri))
    return [_in_client_units(document, s) for s in found]


def _in_client_units(document: TextDocument, s: t.DocumentSymbol) -> t.DocumentSymbol:
    codec, lines = document.position_codec, document.lines
    s.range = codec.range_to_client_units(lines, s.range)
    s.selection_range = codec.range_to_client_units(lines, s.selection_range)
    s.children = [_in_client_units(document, c) for c in s.children or []] or None
    return s
