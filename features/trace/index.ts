import type { Feature } from "../../lib/features";

import { readTraceMode } from "./env";
import { traceConfig } from "./trace";

/**
 * Trace mode (AUTH_TRACE): one log line per Auth.js callback, on both instances. Last in the
 * list, so it wraps the callbacks every other feature added.
 */
export function trace(): Feature {
  const mode = readTraceMode();
  return {
    name: "trace",
    ...(mode !== "off" && { config: (config, instance) => traceConfig(config, instance, { mode }) }),
  };
}
