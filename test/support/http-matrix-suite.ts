import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { launchBrowser } from "./browser";
import { checkOrUpdateRun, type RunName } from "./callback-matrix-report";
import { type Driver, recordScenario, type ScenarioRecord, scenarios } from "./callback-scenarios";
import { APP_CALLBACK, REFRESH_ACCESS_SECONDS, startTestIdp, type TestIdp } from "./oidc-provider";
import { type AppServer, startServer, type Target } from "./servers";
import { httpDriver } from "./trace-drivers";

/**
 * The callback matrix against one real server: every scenario, over HTTP or (for
 * `useSession()`) in one Chromium launched on first use, with the app's OIDC provider pointed
 * at a test IdP; then the records checked against docs/callback-matrix.json (or written
 * there by `npm run docs:callbacks`). One driver serves the whole run, so every trace id it
 * hands out is known when the run checks that no line came after its record was taken.
 */
export function describeHttpMatrix({
  run,
  target,
  title,
  runtime,
  inBrowser = true,
}: {
  run: RunName;
  target: Target;
  title: string;
  /** Where middleware's callbacks should have run, and where the app's (routes, pages). */
  runtime: { middleware: string; app: string };
  /** Whether the `useSession()` rows run in Chromium on this target. */
  inBrowser?: boolean;
}): void {
  const secret = `${run}-secret-at-least-thirty-two-characters-long`;
  let server: AppServer | undefined;
  let idp: TestIdp | undefined;
  let browser: Promise<Browser> | undefined;
  let driver: Driver | undefined;
  const records: ScenarioRecord[] = [];

  beforeAll(async () => {
    idp = await startTestIdp({ redirectUris: [APP_CALLBACK], refresh: { accessTokenSeconds: REFRESH_ACCESS_SECONDS } });
    server = await startServer(target, { env: { AUTH_SECRET: secret, AUTH_TRACE: "1", ...idp.appEnv } });
    const testIdp = idp;
    driver = httpDriver({
      origin: server.origin,
      secret,
      output: server.output,
      can: inBrowser ? ["pages", "oidc", "browser", "refresh"] : ["pages", "oidc", "refresh"],
      newBrowserContext: async () => (await (browser ??= launchBrowser())).newContext(),
      refreshStats: () => testIdp.refreshStats(),
    });
  });

  afterAll(async () => {
    await (await browser)?.close();
    await server?.stop();
    await idp?.stop();
  });

  describe(title, () => {
    const runnable = scenarios.filter((scenario) => inBrowser || !scenario.needs?.includes("browser"));
    it.each(runnable.map((scenario) => [scenario.title, scenario] as const))("%s", async (_title, scenario) => {
      if (!driver) throw new Error("server did not start");
      records.push(await recordScenario(driver, scenario));
    });

    it("took every scenario's trace lines before its record was closed, and every line had a trace id it sent", async () => {
      if (!driver) throw new Error("server did not start");
      await driver.settle();
      expect(driver.lateLines()).toEqual([]);
      expect(driver.strayLines()).toEqual([]);
    });

    it(`ran middleware's callbacks on ${runtime.middleware} and the app's on ${runtime.app}`, () => {
      const where = (surface: string) => (surface === "middleware" ? runtime.middleware : runtime.app);
      const off = records.flatMap(({ id, calls }) => calls.filter((c) => c.runtime !== where(c.surface)).map((c) => `${id}:${c.surface} on ${c.runtime}`));
      expect([...new Set(off)]).toEqual([]);
    });

    it("records exactly what docs/callback-matrix.json holds for this run", async () => {
      expect(records.map(({ id }) => id)).toEqual(runnable.map(({ id }) => id));
      await checkOrUpdateRun(run, records);
    });
  });
}
