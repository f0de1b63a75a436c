import { afterAll, describe, expect, it, vi } from "vitest";

import { canRun, recordScenario, scenarios, type ScenarioRecord } from "../../test/support/callback-scenarios";
import { checkOrUpdateRun } from "../../test/support/callback-matrix-report";
import { REFRESH_ACCESS_SECONDS, startTestIdp } from "../../test/support/oidc-provider";
import { inProcessDriver } from "../../test/support/trace-drivers";

// Trace mode and the OIDC provider are read when the Auth.js instances are built, so both are
// set before anything imports them (the driver imports the app).
vi.hoisted(() => vi.stubEnv("AUTH_TRACE", "1"));
// Auth.js builds its redirect_uri from AUTH_URL (set for this project in vitest.config.ts).
const idp = await startTestIdp({ redirectUris: [`${process.env.AUTH_URL}/api/auth/callback/oidc`], refresh: { accessTokenSeconds: REFRESH_ACCESS_SECONDS } });
for (const [name, value] of Object.entries(idp.appEnv)) vi.stubEnv(name, value);
const lines: string[] = [];
const capture = vi.spyOn(console, "info").mockImplementation((line: unknown) => {
  lines.push(String(line));
});
const driver = await inProcessDriver(() => lines, process.env.AUTH_SECRET ?? "", ["oidc"], idp.refreshStats);
// After the driver: auth.config.ts reads the IdP's variables when imported.
const { features } = await import("@/auth.config");
const runnable = scenarios.filter((scenario) => canRun(driver, scenario));
const records: ScenarioRecord[] = [];

afterAll(async () => {
  capture.mockRestore();
  await idp.stop();
});

describe("callback matrix, in-process (real handlers and middleware, a test IdP; no page rendering, no browser)", () => {
  it.each(runnable.map((scenario) => [scenario.title, scenario] as const))("%s", async (_title, scenario) => {
    records.push(await recordScenario(driver, scenario));
    // The refresh scenarios wait for an access token to fall due.
  }, 30_000);

  // The recorded matrix is the template as shipped, on features/fast-read's read; next-auth's own
  // read also runs `redirect` on every read (docs/callback-matrix.md says where).
  it.runIf(features.some(({ name }) => name === "fast-read"))("records exactly what docs/callback-matrix.json holds for this run", async () => {
    expect(records.map(({ id }) => id)).toEqual(runnable.map(({ id }) => id));
    await checkOrUpdateRun("in-process", records, new Set(scenarios.filter((scenario) => !runnable.includes(scenario)).map(({ id }) => id)));
  });
});
