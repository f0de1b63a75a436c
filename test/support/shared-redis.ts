import { afterAll, beforeAll } from "vitest";

import { startSharedRedis, type SharedRedis } from "./upstash-fixture";

/** One shared Redis for a test file: started before its tests, stopped after. Call the result inside a test. */
export function sharedRedisForFile(): () => SharedRedis {
  let shared: SharedRedis | undefined;
  beforeAll(async () => {
    shared = await startSharedRedis();
  });
  afterAll(async () => {
    await shared?.stop();
  });
  return () => {
    if (!shared) throw new Error("the shared Redis is not started");
    return shared;
  };
}
