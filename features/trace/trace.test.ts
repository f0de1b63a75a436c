import fc from "fast-check";
import type { NextAuthConfig } from "next-auth";
import { NextRequest } from "next/server";
import { afterEach, describe, expect, it, vi } from "vitest";

import { detectRuntime } from "../../platform/runtime";

import { parseTraceMode } from "./env";
import { parseTraceId, TRACE_ID_HEADER, TRACE_PREFIX, traceConfig, type TraceRecord } from "./trace";

type Params = Record<string, unknown>;

function makeConfig(seen: Params[] = []): NextAuthConfig {
  return {
    providers: [],
    callbacks: {
      signIn: (params) => {
        seen.push(params);
        return params.user.email !== "disabled@example.com";
      },
      jwt: (params) => {
        seen.push(params);
        return { ...params.token, id: "user-1" };
      },
      session: (params) => {
        seen.push(params);
        return params.session;
      },
      redirect: ({ baseUrl }) => baseUrl,
    },
  };
}

/** Applies the traced config the way NextAuth does and returns its callbacks plus the lines they wrote. */
async function traced(
  mode: "on" | "stack",
  config: NextAuthConfig | (() => NextAuthConfig) = makeConfig(),
  path = "/dashboard?callbackUrl=%2Fsecret",
  headers: Record<string, string> = {},
) {
  const lines: string[] = [];
  const lazy = traceConfig(config, "app", { mode, sink: (line) => lines.push(line) });
  if (typeof lazy !== "function") throw new Error("trace on must give a lazy config");
  const { callbacks } = await lazy(new NextRequest(new URL(path, "http://localhost:3000"), { headers }));
  const records = () => lines.map((line) => JSON.parse(line.slice(TRACE_PREFIX.length)) as TraceRecord);
  return { callbacks, lines, records };
}

/**
 * Calls a traced callback with the parameters Auth.js really passes. Auth.js's types mark
 * `user` as always present in `jwt`, but on a session read it is absent: that is the point.
 */
async function call(callbacks: NextAuthConfig["callbacks"], name: string, params: Params): Promise<unknown> {
  const callback: unknown = callbacks && Reflect.get(callbacks, name);
  if (typeof callback !== "function") throw new Error(`no ${name} callback`);
  return Reflect.apply(callback, callbacks, [params]);
}

const token = { sub: "user-1", email: "demo@example.com", name: "Demo" };

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("trace mode off", () => {
  it("hands NextAuth the very same config, so tracing costs nothing when off", () => {
    const config = makeConfig();
    expect(traceConfig(config, "app", { mode: "off" })).toBe(config);
  });

  it("is off unless AUTH_TRACE is 1 or stack, and names the variable for anything else", () => {
    expect(parseTraceMode({})).toBe("off");
    expect(parseTraceMode({ AUTH_TRACE: "" })).toBe("off");
    expect(parseTraceMode({ AUTH_TRACE: "0" })).toBe("off");
    expect(parseTraceMode({ AUTH_TRACE: "1" })).toBe("on");
    expect(parseTraceMode({ AUTH_TRACE: "stack" })).toBe("stack");
    expect(() => parseTraceMode({ AUTH_TRACE: "yes" })).toThrow(/AUTH_TRACE must be "1", "stack" or "0", got "yes"/);
  });
});

describe("trace mode on", () => {
  it("writes one prefixed JSON line per callback call with trigger, presence flags, path and runtime", async () => {
    const { callbacks, lines, records } = await traced("on");
    await call(callbacks, "jwt", { token, user: { id: "user-1" }, account: null, trigger: "signIn" });
    await call(callbacks, "jwt", { token });

    expect(lines).toHaveLength(2);
    expect(lines.every((line) => line.startsWith(TRACE_PREFIX))).toBe(true);
    expect(records()).toEqual([
      { callback: "jwt", surface: "app", runtime: "node", path: "/dashboard", trigger: "signIn", user: true, account: false, profile: false, token: true },
      { callback: "jwt", surface: "app", runtime: "node", path: "/dashboard", user: false, account: false, profile: false, token: true },
    ]);
  });

  it("traces a lazy config (the database strategy's) after it has run", async () => {
    const { callbacks, records } = await traced("on", () => makeConfig());
    await call(callbacks, "jwt", { token });
    expect(records()).toHaveLength(1);
  });

  it("passes parameters and results through unchanged", async () => {
    const seen: Params[] = [];
    const { callbacks } = await traced("on", makeConfig(seen));
    const params = { token, trigger: "update" as const, session: { name: "New" } };
    expect(await call(callbacks, "jwt", params)).toEqual({ ...token, id: "user-1" });
    expect(seen).toEqual([params]);
  });

  it("records whether signIn let the user in, and whether update() sent data", async () => {
    const { callbacks, records } = await traced("on");
    await call(callbacks, "signIn", { user: { email: "disabled@example.com" }, account: null });
    await call(callbacks, "signIn", { user: { email: "demo@example.com" }, account: null });
    await call(callbacks, "jwt", { token, trigger: "update", session: { name: "New" } });
    expect(records().map(({ callback, allowed, session }) => ({ callback, allowed, session }))).toEqual([
      { callback: "signIn", allowed: false, session: undefined },
      { callback: "signIn", allowed: true, session: undefined },
      { callback: "jwt", allowed: undefined, session: true },
    ]);
  });

  it("still writes the line when the callback throws", async () => {
    const config = makeConfig();
    config.callbacks = {
      jwt: () => {
        throw new Error("boom");
      },
    };
    const { callbacks, records } = await traced("on", config);
    await expect(call(callbacks, "jwt", { token })).rejects.toThrow("boom");
    expect(records()).toHaveLength(1);
  });

  it("tags each line with the request's x-trace-id, so concurrent requests' lines can be told apart", async () => {
    const { callbacks, records } = await traced("on", makeConfig(), "/dashboard", { [TRACE_ID_HEADER]: "scenario-7f3a-1" });
    await call(callbacks, "jwt", { token });
    await call(callbacks, "session", { session: { user: {}, expires: "" }, token, user: undefined });
    expect(records().map((record) => record.traceId)).toEqual(["scenario-7f3a-1", "scenario-7f3a-1"]);
  });

  it("drops an x-trace-id that is not a short token of letters, digits and dashes", async () => {
    for (const value of ["", "a b", "id\"}", "x".repeat(65), "eyJhbGciOiJkaXIi.eyJzdWIiOiIxIn0.sig", "a/../b", "é"]) {
      const { callbacks, records } = await traced("on", makeConfig(), "/dashboard", value ? { [TRACE_ID_HEADER]: value } : {});
      await call(callbacks, "jwt", { token });
      expect(records()[0], JSON.stringify(value)).not.toHaveProperty("traceId");
    }
    expect(parseTraceId("x".repeat(64))).toBe("x".repeat(64));
  });

  it("has no trace id when neither a request nor Next's request scope is there (a script, a test)", async () => {
    const lines: string[] = [];
    const lazy = traceConfig(makeConfig(), "app", { mode: "on", sink: (line) => lines.push(line) });
    if (typeof lazy !== "function") throw new Error("trace on must give a lazy config");
    const { callbacks } = await lazy(undefined);
    await call(callbacks, "jwt", { token });
    expect(JSON.parse(lines[0]?.slice(TRACE_PREFIX.length) ?? "{}")).not.toHaveProperty("traceId");
  });

  it("drops a trigger Auth.js does not document instead of logging it", async () => {
    const { callbacks, records } = await traced("on");
    const trigger = "eyJhbGciOiJkaXIi";
    await call(callbacks, "jwt", { token, trigger });
    expect(records()[0]).not.toHaveProperty("trigger");
  });

  it("adds the caller's stack only with AUTH_TRACE=stack", async () => {
    const plain = await traced("on");
    await call(plain.callbacks, "session", { session: { user: {}, expires: "" }, token, user: undefined });
    expect(plain.records()[0]).not.toHaveProperty("stack");

    const withStack = await traced("stack");
    await call(withStack.callbacks, "session", { session: { user: {}, expires: "" }, token, user: undefined });
    const stack = withStack.records()[0]?.stack ?? "";
    expect(stack.split("\n")[0]).toMatch(/trace\.test\.ts/);
    expect(stack).not.toMatch(/lib\/trace/);
  });

  it("never writes a token, cookie, secret, password, provider token or query string", async () => {
    const secretText = fc.string({ minLength: 12 }).filter((s) => /^[A-Za-z0-9._~-]+$/.test(s));
    await fc.assert(
      fc.asyncProperty(secretText, async (secret) => {
        const { callbacks, lines } = await traced("stack", makeConfig(), `/api/auth/callback/oidc?code=${secret}&state=${secret}`);
        const user = { id: secret, email: `${secret}@example.com`, name: secret, password: secret };
        const account = { provider: "oidc", type: "oidc" as const, providerAccountId: secret, access_token: secret, id_token: secret };
        const profile = { sub: secret, email: secret };
        const jwt = { sub: secret, email: secret, name: secret, jti: secret, cookie: secret };
        await call(callbacks, "signIn", { user, account, profile, credentials: { password: secret } });
        await call(callbacks, "jwt", { token: jwt, user, account, profile, trigger: "signIn" });
        await call(callbacks, "jwt", { token: jwt, trigger: "update", session: { name: secret } });
        await call(callbacks, "session", { session: { user, expires: secret }, token: jwt, user });
        await call(callbacks, "redirect", { url: `http://localhost:3000/?token=${secret}`, baseUrl: "http://localhost:3000" });
        expect(lines).toHaveLength(5);
        expect(lines.join("\n")).not.toContain(secret);
      }),
      { numRuns: 50 },
    );
  });
});

describe("runtime detection", () => {
  it("reports node in a Node process", () => {
    expect(detectRuntime()).toBe("node");
  });

  it("reports edge where the EdgeRuntime global exists (Next's edge sandbox, Vercel edge)", () => {
    vi.stubGlobal("EdgeRuntime", "edge-runtime");
    expect(detectRuntime()).toBe("edge");
  });

  it("reports workerd where navigator.userAgent is Cloudflare-Workers, even beside EdgeRuntime", () => {
    vi.stubGlobal("EdgeRuntime", "edge-runtime");
    vi.stubGlobal("navigator", { userAgent: "Cloudflare-Workers" });
    expect(detectRuntime()).toBe("workerd");
  });
});

describe("the trace line format the test support reads", () => {
  it("is the one this feature writes", async () => {
    const format = await import("../../test/support/trace-format");
    expect(format.TRACE_PREFIX).toBe(TRACE_PREFIX);
    expect(format.TRACE_ID_HEADER).toBe(TRACE_ID_HEADER);
    const written: TraceRecord = { callback: "jwt", surface: "app", runtime: "node", user: false, account: false, profile: false, token: true };
    const read: import("../../test/support/trace-format").TraceRecord = written;
    expect(read).toBe(written);
  });
});
