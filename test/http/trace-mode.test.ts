import { afterEach, describe, expect, it } from "vitest";

import { TRACE_PREFIX } from "../support/trace-format";

import { SESSION_COOKIE } from "../support/callback-scenarios";
import { CookieJar } from "../support/in-process";
import { type AppServer, startServer, targets } from "../support/servers";
import { httpDriver } from "../support/trace-drivers";

const secret = "trace-suite-secret-at-least-thirty-two-characters";
let server: AppServer | undefined;

afterEach(async () => {
  await server?.stop();
  server = undefined;
});

/** Signs in, loads a page and reads the session; returns every cookie value the server set. */
async function browse(origin: string): Promise<string[]> {
  const jar = new CookieJar();
  const values: string[] = [];
  const send = async (path: string, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    if (jar.header()) headers.set("cookie", jar.header());
    const response = await fetch(new URL(path, origin), { ...init, headers, redirect: "manual" });
    jar.store(response);
    for (const line of response.headers.getSetCookie()) values.push(line.split(";")[0]?.split("=").slice(1).join("=") ?? "");
    return response;
  };
  const { csrfToken } = (await (await send("/api/auth/csrf")).json()) as { csrfToken: string };
  await send("/api/auth/callback/credentials", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", origin },
    body: new URLSearchParams({ csrfToken, email: "demo@example.com", password: "demo-password", callbackUrl: "/dashboard" }).toString(),
  });
  expect(jar.get(SESSION_COOKIE)).toBeDefined();
  expect((await send("/dashboard")).status).toBe(200);
  expect((await send("/api/auth/session")).status).toBe(200);
  return values.filter((value) => value.length >= 16);
}

describe.each(targets)("trace mode on a real server (%s)", (target) => {
  it("writes no trace line when AUTH_TRACE is unset", async () => {
    server = await startServer(target, { env: { AUTH_SECRET: secret, AUTH_TRACE: "" } });
    await browse(server.origin);
    // The stack-mode run below proves lines do appear once asked for, on the same build.
    expect(server.output()).not.toContain(TRACE_PREFIX);
  });

  it("with AUTH_TRACE=stack, adds the caller's stack and never prints a cookie, token, secret or password", async () => {
    server = await startServer(target, { env: { AUTH_SECRET: secret, AUTH_TRACE: "stack" } });
    const cookieValues = await browse(server.origin);
    const driver = httpDriver({ origin: server.origin, secret, output: server.output });
    await driver.settle();
    const lines = driver.traceLines();

    expect(lines.length).toBeGreaterThan(5);
    expect(lines.every((line) => /"stack":"at /.test(line))).toBe(true);
    expect(cookieValues.length).toBeGreaterThan(2);
    for (const forbidden of [secret, "demo-password", ...cookieValues]) {
      expect(lines.join("\n")).not.toContain(forbidden);
    }
  });
});
