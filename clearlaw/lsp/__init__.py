"""Editor support: a language server for statute, amendment, policy and tests files
(``clearlaw lsp``; docs/editors.md).

``analysis`` checks a file; ``incremental`` parses a statute again after an edit, only where
it changed; ``declarations`` lists what a statute declares; ``features``
answers hover, definition, completion and outline; ``vocabulary`` reads the language's words
from the grammar; ``textmate`` writes the editors' syntax grammar from it; ``server`` speaks
the protocol (pygls).
"""
