/**
 * The status bar item, driven by the server's `openaiAccess/status` notification:
 * `{project, state: offline|idle|probing|problem, message, done, total}`.
 */

export interface StatusParams {
  project?: string;
  state?: string;
  message?: string;
  done?: number;
  total?: number;
}

export interface StatusView {
  text: string;
  tooltip: string;
  /** Drives the item's background: account problems must be noticed. */
  level: "normal" | "warning" | "error";
}

export function formatStatus(p: StatusParams): StatusView {
  const project = p.project && p.project.trim() ? p.project.trim() : "no project";
  const message = p.message ?? "";
  const tail = "Click for the access report.";
  switch (p.state) {
    case "probing": {
      const progress = typeof p.total === "number" && p.total > 0 ? ` ${p.done ?? 0}/${p.total}` : "";
      return { text: `$(sync~spin) OpenAI: checking${progress}`, tooltip: join(`Checking models for ${project}`, message, tail), level: "normal" };
    }
    case "problem":
      return { text: `$(warning) OpenAI: ${shortProblem(message)}`, tooltip: join(`Project ${project}`, message, tail), level: "error" };
    case "offline":
      return { text: "$(circle-slash) OpenAI: offline", tooltip: join("Catalog checks only (no API key, probing off, or untrusted workspace)", message, tail), level: "normal" };
    case "idle":
      return { text: `$(check) OpenAI: ${shortProject(project)}`, tooltip: join(`Project ${project}`, message, tail), level: "normal" };
    default:
      return { text: "$(question) OpenAI", tooltip: join(message, tail), level: "normal" };
  }
}

/** "proj_abc (the key's default project)" → "proj_abc": the explanation stays in the tooltip. */
function shortProject(project: string): string {
  return project.replace(/\s*\(.*\)\s*$/, "") || project;
}

/** The first clause of the server's message, kept short enough for the status bar. */
function shortProblem(message: string): string {
  const first = message.split(/[.:;\n]/)[0]?.trim() || "problem";
  return first.length > 40 ? `${first.slice(0, 39)}…` : first;
}

function join(...parts: string[]): string {
  return parts.filter((s) => s && s.trim()).join("\n\n");
}

/** The status bar before the server has said anything. */
export const STARTING: StatusView = { text: "$(sync~spin) OpenAI: starting", tooltip: "Starting the openai-access language server", level: "normal" };
