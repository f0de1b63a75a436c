import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { recordScenario, scenarios, type ScenarioRecord } from "../support/callback-scenarios";
import { checkOrUpdateRun } from "../support/callback-matrix-report";
import { ensureNextBuild, type RunningServer, startNext } from "../support/next-start";
import { httpDriver } from "../support/trace-drivers";

const secret = "next-start-secret-at-least-thirty-two-characters";
let server: RunningServer;
const records: ScenarioRecord[] = [];

beforeAll(async () => {
  await ensureNextBuild();
  server = await startNext({ AUTH_SECRET: secret, AUTH_DEMO_USERS: "true", AUTH_TRACE: "1" });
}, 600_000);

afterAll(async () => {
  await server?.stop();
});

describe("callback matrix on next start (real server, edge runtime routes and middleware)", () => {
  it.each(scenarios.map((scenario) => [scenario.title, scenario] as const))("%s", async (_title, scenario) => {
    const driver = httpDriver({ origin: server.origin, secret, output: server.output, waitForOutput: server.waitForOutput });
    records.push(await recordScenario(driver, scenario));
  });

  it("ran every callback on the edge runtime, except the 404 page's, which Next renders in Node", () => {
    const off = records.flatMap(({ id, calls }) => calls.filter((c) => c.runtime !== "edge").map((c) => `${id}:${c.surface}`));
    expect(new Set(off)).toEqual(new Set(["not-found-signed-in:app"]));
  });

  it("records exactly what docs/callback-matrix.json holds for this run", async () => {
    expect(records.map(({ id }) => id)).toEqual(scenarios.map(({ id }) => id));
    await checkOrUpdateRun("next-start", records);
  });
});
