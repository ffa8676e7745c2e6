/**
 * The server's process environment: the only place the API key travels.
 *
 * The key stored with "OpenAI Access: Set API Key" lives in VS Code's SecretStorage. It is
 * handed to the server as `OPENAI_API_KEY` in its environment and nowhere else: never in
 * settings, initializationOptions, workspace/configuration answers or log lines.
 */

import { delimiter } from "node:path";

export type Env = Record<string, string | undefined>;

export type KeySource = "secret-storage" | "environment" | "none";

export interface ServerEnvOptions {
  /** The key from SecretStorage, if the user set one. */
  secretKey?: string;
  /** `bundled/libs` inside the extension when the bundled server is used. */
  bundledLibs?: string;
  /** In an untrusted workspace the server is offline: it gets no key at all. */
  trusted: boolean;
  /**
   * More keys from SecretStorage, by the environment variable the server reads them from: the admin
   * key (`OPENAI_ADMIN_KEY`) and each named project's key (`projects[].keyEnv`).
   */
  extraSecrets?: Record<string, string | undefined>;
}

/** The admin key's variable: the server reads the project's model policy with it (Admin API). */
export const ADMIN_KEY_ENV = "OPENAI_ADMIN_KEY";

/** A variable name a stored key may be put in: letters, digits and underscores, not a system one. */
export function validateEnvName(name: string): string | undefined {
  if (!/^[A-Z_][A-Z0-9_]*$/.test(name)) return "Use an environment variable name (A-Z, 0-9, _).";
  if (!name.includes("KEY")) return "The variable's name should say it holds a key (e.g. OPENAI_API_KEY_PROD).";
  return undefined;
}

export function buildServerEnv(base: Env, opts: ServerEnvOptions): { env: Env; keySource: KeySource } {
  const env: Env = { ...base };
  // Python's own output encoding, whatever the user's locale: the server speaks UTF-8 JSON-RPC.
  env.PYTHONIOENCODING = "utf-8";
  if (opts.bundledLibs) {
    env.PYTHONPATH = base.PYTHONPATH ? `${opts.bundledLibs}${delimiter}${base.PYTHONPATH}` : opts.bundledLibs;
    // The bundle must win over whatever is in the user's site-packages.
    env.PYTHONNOUSERSITE = "1";
  }
  let keySource: KeySource = "none";
  for (const [name, value] of Object.entries(opts.extraSecrets ?? {})) {
    if (!opts.trusted) delete env[name];
    else if (value && value.trim() && validateEnvName(name) === undefined) env[name] = value.trim();
  }
  if (!opts.trusted) {
    delete env.OPENAI_API_KEY;
    delete env[ADMIN_KEY_ENV];
  } else if (opts.secretKey && opts.secretKey.trim()) {
    env.OPENAI_API_KEY = opts.secretKey.trim();
    keySource = "secret-storage";
  } else if (base.OPENAI_API_KEY && base.OPENAI_API_KEY.trim()) {
    keySource = "environment";
  }
  return { env, keySource };
}

export function describeKeySource(source: KeySource): string {
  switch (source) {
    case "secret-storage":
      return "API key: set with \"OpenAI Access: Set API Key\" (stored in VS Code's secret storage)";
    case "environment":
      return "API key: from the OPENAI_API_KEY environment variable";
    default:
      return "API key: none (offline checks only: deprecated, retired and unknown models)";
  }
}

/** A light sanity check for the input box: catches pasting the wrong thing, not a validation. */
export function validateKeyInput(value: string): string | undefined {
  const v = value.trim();
  if (!v) return "Paste an API key (it starts with sk-).";
  if (/\s/.test(v)) return "An API key has no spaces.";
  if (!v.startsWith("sk-")) return "OpenAI API keys start with sk-.";
  return undefined;
}

/** Remove a key from text before it is logged, in case a message echoes it back. */
export function redact(text: string, key: string | undefined): string {
  if (!key || key.length < 8) return text;
  return text.split(key).join("sk-…redacted");
}
