/**
 * VS Code settings → the server's `openaiAccess` settings object (initializationOptions and
 * the answer to `workspace/configuration`).
 *
 * Two rules shape it:
 * - Only values the user actually set are sent. The server merges defaults < project file
 *   (`[tool.openai-access]`) < editor settings, so sending VS Code's *defaults* would silently
 *   override a repository's choices (e.g. its `probe = "off"`).
 * - In an untrusted workspace, workspace-level values of the keys that decide where requests
 *   go (baseUrl, organization, project) and where files are read/written are ignored, and the
 *   server is told `workspaceTrusted: false` (it then stays offline).
 */

/** Keys the server understands (camelCase of its Settings). Client-only keys are not sent. */
export const SERVER_KEYS = [
  "probe",
  "paidProbes",
  "paidProbesPerHour",
  "positiveTtlHours",
  "negativeTtlMinutes",
  "cacheDir",
  "catalogPath",
  "baseUrl",
  "organization",
  "project",
  "severity",
  "ignoreModels",
  "ignorePaths",
  "extraCalls",
  "debounceMs",
  "lowRateLimitRpm",
  "projects",
  "catalogAutoUpdate",
  "catalogUpdateUrl",
] as const;

export type ServerKey = (typeof SERVER_KEYS)[number];

/** Keys a repository's `.vscode/settings.json` must not decide when the workspace is untrusted. */
export const TRUST_SENSITIVE_KEYS: ReadonlySet<string> = new Set([
  "baseUrl",
  "organization",
  "project",
  "cacheDir",
  "catalogPath",
]);

/** Keys only the user decides (they make the server download): workspace values never count. */
export const USER_ONLY_KEYS: ReadonlySet<string> = new Set(["catalogAutoUpdate", "catalogUpdateUrl", "projects"]);

/** The part of `WorkspaceConfiguration.inspect()` we use. */
export interface Inspected<T = unknown> {
  globalValue?: T;
  workspaceValue?: T;
  workspaceFolderValue?: T;
}

export type Inspect = (key: string) => Inspected | undefined;

export function buildServerSettings(inspect: Inspect, trusted: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of SERVER_KEYS) {
    const ins = inspect(key);
    const value = USER_ONLY_KEYS.has(key) ? ins?.globalValue : effectiveValue(ins, trusted, TRUST_SENSITIVE_KEYS.has(key));
    if (value === undefined || value === null || value === "") continue;
    out[key] = value;
  }
  out.workspaceTrusted = trusted;
  return out;
}

/** Most specific user-set value wins, like VS Code's own `get()`, minus what trust forbids. */
function effectiveValue(ins: Inspected | undefined, trusted: boolean, sensitive: boolean): unknown {
  if (!ins) return undefined;
  if (sensitive && !trusted) return ins.globalValue;
  return ins.workspaceFolderValue ?? ins.workspaceValue ?? ins.globalValue;
}

/** Settings whose change needs a new server process (the rest go through didChangeConfiguration). */
export const RESTART_KEYS = ["interpreter", "importStrategy", "baseUrl", "organization", "project"] as const;
