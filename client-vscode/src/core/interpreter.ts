/**
 * Which Python runs the language server, and whether it can.
 *
 * No `vscode` import here: the extension gathers the facts (settings, the Python extension's
 * choice, a probe run of the interpreter) and these pure functions decide, so the decisions
 * are unit-tested with `node --test`.
 */

export const MIN_PYTHON: readonly [number, number] = [3, 10];

export type ImportStrategy = "useBundled" | "fromEnvironment";

export interface InterpreterChoice {
  command: string;
  /** Where the choice came from, for the log and for error messages. */
  source: "setting" | "python-extension" | "default";
}

/**
 * Priority: the `openaiAccess.interpreter` setting, else the Python extension's selected
 * interpreter (only when that extension is installed and has one), else `python3` on PATH
 * (`python` on Windows).
 */
export function chooseInterpreter(
  setting: unknown,
  pythonExtension: string | undefined,
  platform: string = process.platform,
): InterpreterChoice {
  const fromSetting = firstNonEmpty(setting);
  if (fromSetting) return { command: fromSetting, source: "setting" };
  if (pythonExtension && pythonExtension.trim()) return { command: pythonExtension.trim(), source: "python-extension" };
  // The python.org installer on Windows puts python.exe (not python3.exe) on PATH.
  return { command: platform === "win32" ? "python" : "python3", source: "default" };
}

/** The setting is a string; accept the Python extension's older array form too. */
function firstNonEmpty(value: unknown): string | undefined {
  if (typeof value === "string" && value.trim()) return value.trim();
  if (Array.isArray(value) && typeof value[0] === "string" && value[0].trim()) return value[0].trim();
  return undefined;
}

/** `useBundled` needs the bundle: the universal VSIX has none (only the platform VSIXs do). */
export function resolveImportStrategy(
  setting: unknown,
  bundleExists: boolean,
): { strategy: ImportStrategy; note?: string } {
  const wanted: ImportStrategy = setting === "fromEnvironment" ? "fromEnvironment" : "useBundled";
  if (wanted === "useBundled" && !bundleExists) {
    return {
      strategy: "fromEnvironment",
      note: "this build of the extension has no bundled server; using the openai_access module installed in the interpreter",
    };
  }
  return { strategy: wanted };
}

/**
 * Run with `python -c`; prints one JSON line the extension hands to `parseProbe`. With the extra
 * argument `--compiled` it also loads the server's compiled parts (the tree-sitter core and
 * grammars, pydantic-core, jiter) and builds a parser, exactly as the bundled server will: a
 * bundle without this interpreter's ABI fails here, with a reason, instead of in every file.
 * The syntax stays Python 3.6-compatible so an old interpreter still reports its version.
 */
export const PROBE_SCRIPT = [
  "import sys, json, importlib.util",
  "spec = importlib.util.find_spec('openai_access')",
  "r = {'version': list(sys.version_info[:3]), 'executable': sys.executable,",
  "  'hasModule': spec is not None, 'location': (spec.origin if spec else None)}",
  "if '--compiled' in sys.argv[1:]:",
  "  try:",
  "    import tree_sitter, tree_sitter_python, tree_sitter_javascript, tree_sitter_typescript, pydantic_core, jiter",
  "    for lang in (tree_sitter_python.language(), tree_sitter_javascript.language(), tree_sitter_typescript.language_typescript()):",
  "      tree_sitter.Parser(tree_sitter.Language(lang))",
  "    r['compiledError'] = None",
  "  except BaseException as e:",
  "    r['compiledError'] = (type(e).__name__ + ': ' + str(e)).strip()",
  "print(json.dumps(r))",
].join("\n");

export interface ProbeResult {
  version: [number, number, number];
  executable: string;
  hasModule: boolean;
  location: string | null;
  /** Only when probed with `--compiled`: null when everything loaded, else the first error. */
  compiledError?: string | null;
}

/** What a platform VSIX says about its bundle (`bundled/manifest.json`). */
export interface BundleInfo {
  target: string;
  pythons: string[];
}

export function parseProbe(stdout: string): ProbeResult | undefined {
  const line = stdout.trim().split(/\r?\n/).pop() ?? "";
  try {
    const v = JSON.parse(line) as Partial<ProbeResult>;
    if (!Array.isArray(v.version) || v.version.length < 2) return undefined;
    const result: ProbeResult = {
      version: [Number(v.version[0]), Number(v.version[1]), Number(v.version[2] ?? 0)],
      executable: String(v.executable ?? ""),
      hasModule: Boolean(v.hasModule),
      location: typeof v.location === "string" ? v.location : null,
    };
    if (v.compiledError !== undefined) result.compiledError = typeof v.compiledError === "string" ? v.compiledError : null;
    return result;
  } catch {
    return undefined;
  }
}

export interface LaunchProblem {
  /** One sentence for the notification. */
  message: string;
  /** What to do about it, shown with the message. */
  fix: string;
  /** Offer the button that switches to the server installed in the environment. */
  offerEnvironment?: boolean;
}

/** How to get the server into an environment: it is not on PyPI. */
export const INSTALL_HINT = "pipx install git+https://github.com/openai-access/openai-access, or a wheel from its releases";

/**
 * Decide whether the probed interpreter can run the server. `spawnError` is set when the
 * interpreter could not be started at all (ENOENT and friends).
 */
export function checkInterpreter(
  choice: InterpreterChoice,
  strategy: ImportStrategy,
  probe: ProbeResult | undefined,
  spawnError?: string,
  bundle?: BundleInfo,
): LaunchProblem | undefined {
  const where = choice.source === "setting" ? " (from the openaiAccess.interpreter setting)" : choice.source === "python-extension" ? " (the Python extension's selected interpreter)" : "";
  const pickFix = "Install Python 3.10 or newer, or set \"openaiAccess.interpreter\" to one (for example /usr/bin/python3.11), then run \"OpenAI Access: Restart server\".";
  if (spawnError !== undefined) {
    return { message: `OpenAI Access could not start Python "${choice.command}"${where}: ${spawnError}.`, fix: pickFix };
  }
  if (!probe) {
    return { message: `OpenAI Access could not read the version of Python "${choice.command}"${where}.`, fix: pickFix };
  }
  const [maj, min] = probe.version;
  if (maj < MIN_PYTHON[0] || (maj === MIN_PYTHON[0] && min < MIN_PYTHON[1])) {
    return {
      message: `OpenAI Access needs Python ${MIN_PYTHON.join(".")} or newer; "${choice.command}"${where} is Python ${maj}.${min}.`,
      fix: pickFix,
    };
  }
  const exe = probe.executable || choice.command;
  if (strategy === "fromEnvironment" && !probe.hasModule) {
    return {
      message: `The openai_access module is not installed in "${exe}"${where}.`,
      fix: `It is not on PyPI: install it with ${INSTALL_HINT} and point "openaiAccess.interpreter" at that environment's Python, or install the VSIX for your platform, which bundles the server.`,
    };
  }
  if (strategy === "useBundled" && probe.compiledError) {
    const which = bundle ? `CPython ${bundle.pythons[0]}-${bundle.pythons[bundle.pythons.length - 1]} on ${bundle.target}` : "the platform it was built for";
    return {
      message: `OpenAI Access cannot run its bundled server with Python ${maj}.${min} "${exe}"${where}: ${probe.compiledError}.`,
      fix: `This VSIX bundles compiled parts for ${which}. Set "openaiAccess.interpreter" to one of those, or install the server into an environment (${INSTALL_HINT}) and use it.`,
      offerEnvironment: true,
    };
  }
  return undefined;
}

/** The server command line: the same for both strategies; only PYTHONPATH differs (see env.ts). */
export function serverArgs(): string[] {
  return ["-m", "openai_access", "serve"];
}
