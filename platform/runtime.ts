/** Where the code runs; the same source is bundled for each. */
export type Runtime = "node" | "edge" | "workerd";

/**
 * Workers set `navigator.userAgent` to "Cloudflare-Workers" and have no `EdgeRuntime` global;
 * Next's edge sandbox (and Vercel's edge) define `EdgeRuntime`; everything else is the Node
 * server. test/integration/trace-runtime.test.ts checks this inside workerd and edge-runtime.
 * @see https://developers.cloudflare.com/workers/runtime-apis/web-standards/#navigatoruseragent
 * @see https://vercel.com/docs/functions/runtimes/edge#check-if-you-re-running-on-the-edge-runtime
 */
export function detectRuntime(): Runtime {
  if (typeof navigator !== "undefined" && navigator.userAgent === "Cloudflare-Workers") return "workerd";
  if ("EdgeRuntime" in globalThis) return "edge";
  return "node";
}
