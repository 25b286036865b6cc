"""A language client for the tests and the benchmark: starts ``clearlaw lsp`` as a process and
speaks to it over its protocol (pygls's client), one request at a time."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Coroutine
from pathlib import Path
from typing import Any, TypeVar

from lsprotocol import types as t
from pygls.lsp.client import LanguageClient

T = TypeVar("T")

#: A guard against a hung server, not a timing assertion.
PATIENCE = 120.0


class Session:
    """``clearlaw lsp`` started and initialized; ``close`` shuts it down."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.client = LanguageClient("clearlaw-tests", "1")
        self.published: dict[str, asyncio.Queue[t.PublishDiagnosticsParams]] = {}

        def published(_client: object, params: t.PublishDiagnosticsParams) -> None:
            self.queue(params.uri).put_nowait(params)

        self.client.feature(t.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)(published)
        self.run(self.client.start_io(sys.executable, "-m", "clearlaw.cli", "lsp"))
        caps = t.ClientCapabilities(
            general=t.GeneralClientCapabilities(position_encodings=[t.PositionEncodingKind.Utf16])
        )
        self.capabilities = self.run(
            self.client.initialize_async(t.InitializeParams(capabilities=caps))
        ).capabilities
        self.client.initialized(t.InitializedParams())

    def queue(self, uri: str) -> asyncio.Queue[t.PublishDiagnosticsParams]:
        return self.published.setdefault(uri, asyncio.Queue())

    def run(self, work: Coroutine[Any, Any, T]) -> T:
        return self.loop.run_until_complete(asyncio.wait_for(work, PATIENCE))

    def diagnostics(self, uri: str, version: int) -> list[t.Diagnostic]:
        """The diagnostics the server publishes for ``version`` of the document."""

        async def wait() -> list[t.Diagnostic]:
            while True:
                params = await self.queue(uri).get()
                if params.version == version:
                    return list(params.diagnostics)

        return self.run(wait())

    def later(self, uri: str) -> list[t.Diagnostic]:
        """The next diagnostics the server publishes for the document."""
        return list(self.run(self.queue(uri).get()).diagnostics)

    def open(self, path: Path, text: str | None = None) -> list[t.Diagnostic]:
        uri = path.resolve().as_uri()
        item = t.TextDocumentItem(
            uri, "clearlaw", 1, path.read_text(encoding="utf-8") if text is None else text
        )
        self.client.text_document_did_open(t.DidOpenTextDocumentParams(item))
        return self.diagnostics(uri, 1)

    def change(self, path: Path, version: int, text: str) -> list[t.Diagnostic]:
        uri = path.resolve().as_uri()
        doc = t.VersionedTextDocumentIdentifier(version=version, uri=uri)
        whole = t.TextDocumentContentChangeWholeDocument(text=text)
        self.client.text_document_did_change(t.DidChangeTextDocumentParams(doc, [whole]))
        return self.diagnostics(uri, version)

    def at(
        self, path: Path, line: int, character: int
    ) -> tuple[t.TextDocumentIdentifier, t.Position]:
        return t.TextDocumentIdentifier(path.resolve().as_uri()), t.Position(line, character)

    def hover(self, path: Path, line: int, character: int) -> str | None:
        found = self.run(
            self.client.text_document_hover_async(t.HoverParams(*self.at(path, line, character)))
        )
        if found is None:
            return None
        assert isinstance(found.contents, t.MarkupContent)
        return found.contents.value

    def definition(self, path: Path, line: int, character: int) -> t.Location | None:
        found = self.run(
            self.client.text_document_definition_async(
                t.DefinitionParams(*self.at(path, line, character))
            )
        )
        assert found is None or isinstance(found, t.Location)
        return found

    def completion(self, path: Path, line: int, character: int) -> list[t.CompletionItem]:
        found = self.run(
            self.client.text_document_completion_async(
                t.CompletionParams(*self.at(path, line, character))
            )
        )
        assert isinstance(found, t.CompletionList)
        return list(found.items)

    def symbols(self, path: Path) -> list[t.DocumentSymbol]:
        ident = t.TextDocumentIdentifier(path.resolve().as_uri())
        found = self.run(
            self.client.text_document_document_symbol_async(t.DocumentSymbolParams(ident))
        )
        assert found is not None and all(isinstance(s, t.DocumentSymbol) for s in found)
        return [s for s in found if isinstance(s, t.DocumentSymbol)]

    def close(self) -> None:
        self.run(self.client.shutdown_async(None))
        self.client.exit(None)
        self.run(self.client.stop())
        self.loop.close()
