/**
 * VS Code glue for the openai-access language server: start it with the right Python, hand it
 * the API key through its environment only, and give the user commands and a status item.
 *
 * Decisions live in `core/` (no `vscode` import, unit-tested); this file only wires them.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { execFile } from "node:child_process";
import * as vscode from "vscode";
import {
  DidChangeConfigurationNotification,
  ExecuteCommandRequest,
  LanguageClient,
  type LanguageClientOptions,
  type ServerOptions,
  State,
} from "vscode-languageclient/node";

import { ADMIN_KEY_ENV, buildServerEnv, describeKeySource, redact, validateEnvName, validateKeyInput } from "./core/env";
import {
  checkInterpreter,
  chooseInterpreter,
  parseProbe,
  PROBE_SCRIPT,
  resolveImportStrategy,
  serverArgs,
  type BundleInfo,
  type ImportStrategy,
  type InterpreterChoice,
} from "./core/interpreter";
import { buildServerSettings, RESTART_KEYS } from "./core/settings";
import { formatStatus, STARTING, type StatusParams } from "./core/status";

const SECTION = "openaiAccess";
const SECRET_KEY = "openaiAccess.apiKey";
// More keys in SecretStorage, one per environment variable (admin key, named projects' keys).
const SECRET_ENV_PREFIX = "openaiAccess.env.";
const SECRET_ENV_NAMES = "openaiAccess.secretEnvNames"; // globalState: which variables have a stored key
const REPORT_SCHEME = "openai-access";

let client: LanguageClient | undefined;
let log: vscode.LogOutputChannel;
let statusItem: vscode.StatusBarItem;
let ctx: vscode.ExtensionContext;
const documents = new Map<string, string>();
const documentsChanged = new vscode.EventEmitter<vscode.Uri>();

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  ctx = context;
  log = vscode.window.createOutputChannel("OpenAI Access", { log: true });
  statusItem = vscode.window.createStatusBarItem("openaiAccess.status", vscode.StatusBarAlignment.Right, 100);
  statusItem.name = "OpenAI Access";
  statusItem.command = "openaiAccess.showReport";
  context.subscriptions.push(log, statusItem, documentsChanged);

  context.subscriptions.push(
    vscode.workspace.registerTextDocumentContentProvider(REPORT_SCHEME, {
      onDidChange: documentsChanged.event,
      provideTextDocumentContent: (uri) => documents.get(uri.toString()) ?? "",
    }),
    vscode.commands.registerCommand("openaiAccess.recheck", () => recheck(undefined)),
    vscode.commands.registerCommand("openaiAccess.recheckModel", recheckModelUnderCursor),
    vscode.commands.registerCommand("openaiAccess.clearCache", async () => {
      await runServerCommand("openai-access.clearCache", []);
      vscode.window.showInformationMessage("OpenAI Access: cache cleared.");
    }),
    vscode.commands.registerCommand("openaiAccess.showReport", () => showMarkdown("openai-access.report", "report.md")),
    vscode.commands.registerCommand("openaiAccess.doctor", () => showMarkdown("openai-access.doctor", "doctor.md")),
    // The server reports the outcome itself (what changed, or why nothing did).
    vscode.commands.registerCommand("openaiAccess.updateCatalog", () => runServerCommand("openai-access.updateCatalog", [])),
    vscode.commands.registerCommand("openaiAccess.setApiKey", setApiKey),
    vscode.commands.registerCommand("openaiAccess.setProjectKey", setProjectKey),
    vscode.commands.registerCommand("openaiAccess.clearApiKey", async () => {
      await context.secrets.delete(SECRET_KEY);
      vscode.window.showInformationMessage("OpenAI Access: API key removed from VS Code's secret storage.");
    }),
    vscode.commands.registerCommand("openaiAccess.restartServer", restart),
    vscode.commands.registerCommand("openaiAccess.showLogs", () => log.show()),
    // A new or removed key must reach the server's environment: that needs a new process.
    context.secrets.onDidChange((e) => {
      if (e.key === SECRET_KEY || e.key.startsWith(SECRET_ENV_PREFIX)) void restart();
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => void restart()),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration(SECTION)) return;
      if (RESTART_KEYS.some((k) => e.affectsConfiguration(`${SECTION}.${k}`))) {
        void restart();
      } else if (client?.isRunning()) {
        // No settings in the notification: the server pulls them back through workspace/configuration,
        // which goes through the same trust-aware mapping (see the middleware below). The library's
        // `synchronize.configurationSection` would push the raw section, client-only keys and all.
        void client.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
      }
    }),
  );
  await start();
}

export async function deactivate(): Promise<void> {
  await stop();
}

// --- server lifecycle -------------------------------------------------------------------------

async function start(): Promise<void> {
  setStatus(STARTING);
  statusItem.show();
  const trusted = vscode.workspace.isTrusted;
  const config = vscode.workspace.getConfiguration(SECTION);

  const bundledLibs = path.join(ctx.extensionPath, "bundled", "libs");
  const { strategy, note } = resolveImportStrategy(config.get("importStrategy"), fs.existsSync(path.join(bundledLibs, "openai_access")));
  if (note) log.info(note);
  const choice = chooseInterpreter(config.get("interpreter"), await pythonExtensionInterpreter());

  const secretKey = trusted ? await ctx.secrets.get(SECRET_KEY) : undefined;
  const extraSecrets: Record<string, string | undefined> = {};
  for (const name of ctx.globalState.get<string[]>(SECRET_ENV_NAMES, [])) {
    extraSecrets[name] = trusted ? await ctx.secrets.get(SECRET_ENV_PREFIX + name) : undefined;
  }
  const { env, keySource } = buildServerEnv(process.env, {
    secretKey,
    extraSecrets,
    bundledLibs: strategy === "useBundled" ? bundledLibs : undefined,
    trusted,
  });

  const bundle = strategy === "useBundled" ? readBundleInfo(path.join(ctx.extensionPath, "bundled", "manifest.json")) : undefined;
  const problem = await probeInterpreter(choice, strategy, env, bundle);
  if (problem) {
    setStatus({ text: "$(error) OpenAI: no server", tooltip: `${problem.message}\n\n${problem.fix}`, level: "error" });
    log.error(`${problem.message} ${problem.fix}`);
    const useEnvironment = "Use environment's server";
    const buttons = problem.offerEnvironment ? [useEnvironment, "Set interpreter", "Show logs"] : ["Set interpreter", "Show logs"];
    // Not awaited: start() (and so activation) must not wait for the user to click.
    void vscode.window.showErrorMessage(`${problem.message} ${problem.fix}`, ...buttons).then(async (pick) => {
      if (pick === useEnvironment) {
        // A restart key: the configuration listener restarts the server with the new strategy.
        await vscode.workspace.getConfiguration(SECTION).update("importStrategy", "fromEnvironment", vscode.ConfigurationTarget.Global);
      }
      if (pick === "Set interpreter") await vscode.commands.executeCommand("workbench.action.openSettings", "openaiAccess.interpreter");
      if (pick === "Show logs") log.show();
    });
    return;
  }
  log.info(`Python: ${choice.command} (${choice.source}); server code: ${strategy}; workspace trusted: ${trusted}`);
  log.info(describeKeySource(trusted ? keySource : "none"));

  const serverOptions: ServerOptions = {
    // No `transport`: stdio without vscode-languageclient appending `--stdio`.
    command: choice.command,
    args: serverArgs(),
    options: { env: env as NodeJS.ProcessEnv },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: "file", language: "python" },
      { scheme: "untitled", language: "python" },
      { scheme: "file", language: "javascript" },
      { scheme: "file", language: "javascriptreact" },
      { scheme: "file", language: "typescript" },
      { scheme: "file", language: "typescriptreact" },
      // Notebook cells (Jupyter): the cell documents of a notebook.
      { notebook: "jupyter-notebook", language: "python" },
      { scheme: "vscode-notebook-cell", language: "python" },
      // Config files the server reads model names from.
      { scheme: "file", language: "dotenv" },
      { scheme: "file", pattern: "**/.env{,.*}" },
      { scheme: "file", language: "yaml" },
      { scheme: "file", language: "toml" },
      { scheme: "file", language: "json" },
      { scheme: "file", language: "jsonc" },
    ],
    initializationOptions: currentServerSettings(),
    outputChannel: log,
    middleware: {
      workspace: {
        // Answer workspace/configuration from the same trust-aware mapping as initializationOptions,
        // so an untrusted workspace cannot reach the server through this path either.
        configuration: async (params, token, next) => {
          const answers = await next(params, token);
          if (!Array.isArray(answers)) return answers;
          return params.items.map((item, i) =>
            item.section === SECTION ? currentServerSettings(item.scopeUri ? vscode.Uri.parse(item.scopeUri) : undefined) : answers[i],
          );
        },
      },
    },
  };

  client = new LanguageClient("openaiAccess", "OpenAI Access", serverOptions, clientOptions);
  client.onDidChangeState((e) => {
    if (e.newState === State.Stopped) setStatus({ text: "$(error) OpenAI: stopped", tooltip: "The language server stopped. Run \"OpenAI Access: Restart server\"; see \"OpenAI Access: Show logs\".", level: "error" });
  });
  // Registered before start: the server may report "offline" as soon as it is initialized.
  ctx.subscriptions.push(client.onNotification("openaiAccess/status", (p: StatusParams) => setStatus(formatStatus(p))));
  try {
    await client.start();
  } catch (err) {
    log.error(`could not start the language server: ${redact(String(err), secretKey)}`);
    setStatus({ text: "$(error) OpenAI: no server", tooltip: String(err), level: "error" });
    return;
  }
  if (statusItem.text === STARTING.text) {
    setStatus({ text: "$(check) OpenAI", tooltip: "The openai-access server is running. Click for the access report.", level: "normal" });
  }
}

async function stop(): Promise<void> {
  const c = client;
  client = undefined;
  if (c) {
    try {
      await c.stop();
    } catch (err) {
      log.warn(`stopping the server: ${String(err)}`);
    }
  }
}

async function restart(): Promise<void> {
  await stop();
  await start();
}

function currentServerSettings(scope?: vscode.Uri): Record<string, unknown> {
  const config = vscode.workspace.getConfiguration(SECTION, scope);
  return buildServerSettings((key) => config.inspect(key), vscode.workspace.isTrusted);
}

/** The Python extension's selected interpreter, through its API, only when it is installed. */
async function pythonExtensionInterpreter(): Promise<string | undefined> {
  const ext = vscode.extensions.getExtension<PythonExtensionApi>("ms-python.python");
  if (!ext) return undefined;
  try {
    const api = ext.isActive ? ext.exports : await ext.activate();
    const resource = vscode.workspace.workspaceFolders?.[0]?.uri;
    const active = api?.environments?.getActiveEnvironmentPath(resource);
    if (!active) return undefined;
    const resolved = await api.environments.resolveEnvironment(active);
    return resolved?.executable?.uri?.fsPath ?? active.path;
  } catch (err) {
    log.warn(`could not ask the Python extension for its interpreter: ${String(err)}`);
    return undefined;
  }
}

/** The slice of the Python extension's environments API used here. */
interface PythonExtensionApi {
  environments: {
    getActiveEnvironmentPath(resource?: vscode.Uri): { id: string; path: string };
    resolveEnvironment(env: { id: string; path: string }): Promise<{ executable: { uri?: vscode.Uri } } | undefined>;
  };
}

/** A platform VSIX's `bundled/manifest.json` (written by scripts/build_vsix.py). */
function readBundleInfo(file: string): BundleInfo | undefined {
  try {
    const raw = JSON.parse(fs.readFileSync(file, "utf8")) as Partial<BundleInfo>;
    return typeof raw.target === "string" && Array.isArray(raw.pythons) ? { target: raw.target, pythons: raw.pythons.map(String) } : undefined;
  } catch {
    return undefined;
  }
}

/** Run the chosen Python once before the server: its version, and with the bundle, whether it
 * can load the bundle's compiled parts (a wrong ABI would otherwise fail on every file). */
function probeInterpreter(choice: InterpreterChoice, strategy: ImportStrategy, env: Record<string, string | undefined>, bundle: BundleInfo | undefined) {
  const args = strategy === "useBundled" ? ["-c", PROBE_SCRIPT, "--compiled"] : ["-c", PROBE_SCRIPT];
  return new Promise<ReturnType<typeof checkInterpreter>>((resolve) => {
    execFile(choice.command, args, { env: env as NodeJS.ProcessEnv, timeout: 30000 }, (err, stdout) => {
      const spawnError = err && (err as NodeJS.ErrnoException).code === "ENOENT" ? "not found" : undefined;
      const probe = err ? undefined : parseProbe(stdout);
      if (probe) log.info(`probe of ${choice.command}: Python ${probe.version.join(".")}${probe.compiledError === undefined ? "" : `, compiled parts: ${probe.compiledError ?? "ok"}`}`);
      resolve(checkInterpreter(choice, strategy, probe, spawnError ?? (err ? err.message.split("\n")[0] : undefined), bundle));
    });
  });
}

// --- commands ----------------------------------------------------------------------------------

async function runServerCommand(command: string, args: unknown[]): Promise<unknown> {
  if (!client || !client.isRunning()) {
    vscode.window.showWarningMessage("OpenAI Access: the language server is not running. See \"OpenAI Access: Show logs\".");
    return undefined;
  }
  return client.sendRequest(ExecuteCommandRequest.type, { command, arguments: args });
}

/** The model under the cursor: from our diagnostic there, else the quoted word. */
async function recheckModelUnderCursor(): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return recheck(undefined);
  const pos = editor.selection.active;
  const diag = vscode.languages
    .getDiagnostics(editor.document.uri)
    .find((d) => d.source === "openai-access" && d.range.contains(pos));
  const fromDiag = (diag as { data?: { model?: string } } | undefined)?.data?.model;
  const wordRange = editor.document.getWordRangeAtPosition(pos, /[A-Za-z0-9][A-Za-z0-9._:\-/]*/);
  const model = fromDiag ?? (wordRange ? editor.document.getText(wordRange) : undefined);
  await recheck(model);
}

/** Re-check with a progress notification; the server's answer says how many references it re-checked. */
async function recheck(model: string | undefined): Promise<void> {
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `OpenAI Access: re-checking ${model ?? "all models"}` },
    () => runServerCommand("openai-access.recheck", model ? [{ model }] : []),
  );
  const message = (result as { message?: string } | undefined)?.message;
  if (message) vscode.window.showInformationMessage(`OpenAI Access: ${message}`);
}

async function showMarkdown(command: string, name: string): Promise<void> {
  const result = await runServerCommand(command, []);
  if (typeof result !== "string") return;
  const uri = vscode.Uri.from({ scheme: REPORT_SCHEME, path: `/${name}` });
  documents.set(uri.toString(), result);
  documentsChanged.fire(uri);
  await vscode.commands.executeCommand("markdown.showPreview", uri);
}

async function setApiKey(): Promise<void> {
  const value = await vscode.window.showInputBox({
    title: "OpenAI Access: API key",
    prompt: "Stored in VS Code's secret storage and given only to the openai-access server process (never written to settings).",
    password: true,
    ignoreFocusOut: true,
    placeHolder: "sk-...",
    validateInput: validateKeyInput,
  });
  if (value === undefined) return;
  await ctx.secrets.store(SECRET_KEY, value.trim());
  vscode.window.showInformationMessage("OpenAI Access: API key saved; restarting the server.");
}

/** Store the admin key or a named project's key; the server gets it in the variable it reads. */
async function setProjectKey(): Promise<void> {
  const projects = vscode.workspace.getConfiguration(SECTION).inspect<{ name?: string; keyEnv?: string }[]>("projects");
  const items = [{ label: ADMIN_KEY_ENV, description: "admin key: the project's model policy (Admin API)" }];
  for (const p of projects?.globalValue ?? []) {
    if (p.keyEnv && p.keyEnv !== ADMIN_KEY_ENV) items.push({ label: p.keyEnv, description: `key of project ${p.name ?? "?"}` });
  }
  const pick = await vscode.window.showQuickPick(items, { title: "OpenAI Access: which key?", ignoreFocusOut: true });
  if (!pick || validateEnvName(pick.label)) return;
  const value = await vscode.window.showInputBox({
    title: `OpenAI Access: ${pick.label}`,
    prompt: "Stored in VS Code's secret storage and given only to the openai-access server process, as this variable.",
    password: true,
    ignoreFocusOut: true,
    placeHolder: "sk-...",
    validateInput: validateKeyInput,
  });
  if (value === undefined) return;
  const names = new Set(ctx.globalState.get<string[]>(SECRET_ENV_NAMES, []));
  names.add(pick.label);
  await ctx.globalState.update(SECRET_ENV_NAMES, [...names]);
  await ctx.secrets.store(SECRET_ENV_PREFIX + pick.label, value.trim());
  vscode.window.showInformationMessage(`OpenAI Access: ${pick.label} saved; restarting the server.`);
}

function setStatus(view: { text: string; tooltip: string; level: "normal" | "warning" | "error" }): void {
  statusItem.text = view.text;
  statusItem.tooltip = view.tooltip;
  statusItem.backgroundColor =
    view.level === "error" ? new vscode.ThemeColor("statusBarItem.errorBackground") : view.level === "warning" ? new vscode.ThemeColor("statusBarItem.warningBackground") : undefined;
}
