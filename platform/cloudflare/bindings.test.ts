import { afterEach, describe, expect, it, vi } from "vitest";

import { readCloudflareBinding } from "./bindings";

// Where OpenNext's worker keeps each request's context (`getCloudflareContext()` reads it).
const openNextContext = Symbol.for("__cloudflare-context__");
const global = globalThis as Record<symbol, unknown>;

describe("readCloudflareBinding", () => {
  afterEach(() => {
    delete global[openNextContext];
    vi.unstubAllGlobals();
  });

  it("finds nothing outside Cloudflare (next start, Vercel)", () => {
    expect(readCloudflareBinding("DB")).toBeUndefined();
  });

  it("reads an object binding from OpenNext's Cloudflare context, where process.env has only strings", () => {
    const kv = { get: () => null };
    global[openNextContext] = { env: { RATE_LIMIT_KV: kv }, cf: undefined, ctx: {} };
    expect(readCloudflareBinding("RATE_LIMIT_KV")).toBe(kv);
    expect(readCloudflareBinding("DB")).toBeUndefined();
  });

  it("prefers process.env, where next-on-pages puts each request's bindings", () => {
    const fromProcessEnv = { prepare: () => undefined };
    // Node's process.env turns values into strings; workerd's (nodejs_compat) is a plain object.
    vi.stubGlobal("process", { ...process, env: { ...process.env, DB: fromProcessEnv } });
    global[openNextContext] = { env: { DB: { prepare: () => "other" } } };
    expect(readCloudflareBinding("DB")).toBe(fromProcessEnv);
  });
});
