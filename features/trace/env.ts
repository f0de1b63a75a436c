import { EnvError, type RawEnv } from "../../lib/env";

/** `AUTH_TRACE`: unset or "0" is off, "1" logs one line per callback, "stack" adds the caller's stack. */
export type TraceMode = "off" | "on" | "stack";

export function parseTraceMode(raw: RawEnv): TraceMode {
  const value = raw.AUTH_TRACE?.trim();
  if (!value || value === "0") return "off";
  if (value === "1") return "on";
  if (value === "stack") return "stack";
  throw new EnvError(`AUTH_TRACE must be "1", "stack" or "0", got "${value}".`);
}

/** Spelled out: edge bundles inline `process.env.AUTH_TRACE` and cannot enumerate `process.env`. */
export function readTraceMode(): TraceMode {
  return parseTraceMode({ AUTH_TRACE: process.env.AUTH_TRACE });
}

/** next.config.ts runs this when `next build` or `next start` begins. */
export function checkEnv(): void {
  readTraceMode();
}
