import { afterAll, describe, expect, it, vi } from "vitest";

import { recordScenario, scenarios, type ScenarioRecord } from "../support/callback-scenarios";
import { checkOrUpdateRun } from "../support/callback-matrix-report";
import { inProcessDriver } from "../support/trace-drivers";

// Trace mode is read when the Auth.js instances are built, so it is set before anything imports them.
vi.hoisted(() => vi.stubEnv("AUTH_TRACE", "1"));
const lines: string[] = [];
const capture = vi.spyOn(console, "info").mockImplementation((line: unknown) => {
  lines.push(String(line));
});
const driver = await inProcessDriver(() => lines, process.env.AUTH_SECRET ?? "");
const records: ScenarioRecord[] = [];

afterAll(() => {
  capture.mockRestore();
});

describe("callback matrix, in-process (real handlers and middleware, no page rendering)", () => {
  it.each(scenarios.filter((scenario) => !scenario.needsPages).map((scenario) => [scenario.title, scenario] as const))(
    "%s",
    async (_title, scenario) => {
      records.push(await recordScenario(driver, scenario));
    },
  );

  it("records exactly what docs/callback-matrix.json holds for this run", async () => {
    expect(records.map(({ id }) => id)).toEqual(scenarios.filter((s) => !s.needsPages).map(({ id }) => id));
    await checkOrUpdateRun("in-process", records);
  });
});
