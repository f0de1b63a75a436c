import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { checkOrUpdateRun, type RunName } from "./callback-matrix-report";
import { recordScenario, type ScenarioRecord, scenarios } from "./callback-scenarios";
import { type AppServer, startServer, type Target } from "./servers";
import { httpDriver } from "./trace-drivers";

/**
 * The callback matrix against one real server: every scenario over HTTP, then the records
 * checked against docs/callback-matrix.json (or written there by `npm run docs:callbacks`).
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
  const records: ScenarioRecord[] = [];

  beforeAll(async () => {
    server = await startServer(target, { env: { AUTH_SECRET: secret, AUTH_TRACE: "1" } });
  });

  afterAll(async () => {
    await server?.stop();
  });

  describe(title, () => {
    it.each(scenarios.map((scenario) => [scenario.title, scenario] as const))("%s", async (_title, scenario) => {
      if (!server) throw new Error("server did not start");
      const driver = httpDriver({ origin: server.origin, secret, output: server.output });
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
