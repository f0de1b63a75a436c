import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { launchBrowser } from "./browser";
import { checkOrUpdateRun, type RunName } from "./callback-matrix-report";
import { recordScenario, type ScenarioRecord, scenarios } from "./callback-scenarios";
import { startTestIdp, type TestIdp } from "./oidc-provider";
import { type AppServer, freePort, startServer, type Target } from "./servers";
import { httpDriver } from "./trace-drivers";

/**
 * The callback matrix against one real server: every scenario, over HTTP or (for
 * `useSession()`) in one Chromium launched on first use, with the app's OIDC provider pointed
 * at a test IdP; then the records checked against docs/callback-matrix.json (or written
 * there by `npm run docs:callbacks`).
 */
export function describeHttpMatrix({
  run,
  target,
  title,
  runtime,
}: {
  run: RunName;
  target: Target;
  title: string;
  /** Where every callback should have run, and the exceptions as "scenario:surface". */
  runtime: { usual: string; except: string[] };
}): void {
  const secret = `${run}-secret-at-least-thirty-two-characters-long`;
  let server: AppServer | undefined;
  let idp: TestIdp | undefined;
  let browser: Promise<Browser> | undefined;
  const records: ScenarioRecord[] = [];

  beforeAll(async () => {
    // The IdP must know the app's callback URL, so the app's port is chosen first.
    const port = await freePort();
    idp = await startTestIdp({ redirectUris: [`http://localhost:${port}/api/auth/callback/oidc`] });
    server = await startServer(target, { port, env: { AUTH_SECRET: secret, AUTH_TRACE: "1", ...idp.appEnv } });
  });

  afterAll(async () => {
    await (await browser)?.close();
    await server?.stop();
    await idp?.stop();
  });

  describe(title, () => {
    it.each(scenarios.map((scenario) => [scenario.title, scenario] as const))("%s", async (_title, scenario) => {
      if (!server) throw new Error("server did not start");
      const driver = httpDriver({
        origin: server.origin,
        secret,
        output: server.output,
        can: ["pages", "oidc", "browser"],
        newBrowserContext: async () => (await (browser ??= launchBrowser())).newContext(),
      });
      records.push(await recordScenario(driver, scenario));
    });

    it(`ran every callback on ${runtime.usual}${runtime.except.length ? `, except ${runtime.except.join(", ")}` : ""}`, () => {
      const off = records.flatMap(({ id, calls }) => calls.filter((c) => c.runtime !== runtime.usual).map((c) => `${id}:${c.surface}`));
      expect([...new Set(off)]).toEqual(runtime.except);
    });

    it("records exactly what docs/callback-matrix.json holds for this run", async () => {
      expect(records.map(({ id }) => id)).toEqual(scenarios.map(({ id }) => id));
      await checkOrUpdateRun(run, records);
    });
  });
}
