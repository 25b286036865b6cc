// The clearlaw extension: starts `clearlaw lsp` (setting `clearlaw.command`) for .law and
// .tests files.  Plain JavaScript, no build step: `npm install` in this folder fetches
// vscode-languageclient, then the folder is the extension (docs/editors.md).
"use strict";
const vscode = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");

let client;

function activate(context) {
  const [command, ...args] = vscode.workspace
    .getConfiguration("clearlaw")
    .get("command", ["clearlaw", "lsp"]);
  client = new LanguageClient(
    "clearlaw",
    "clearlaw",
    { command, args },
    { documentSelector: [{ scheme: "file", language: "clearlaw" }, { scheme: "untitled", language: "clearlaw" }] }
  );
  context.subscriptions.push({ dispose: () => client && client.stop() });
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
