import { describe, expect, it } from "vitest";

import type { EndSessions, Feature, SessionEnding } from "@/lib/features";
import { sessionsOf } from "@/lib/end-sessions";

function answering(ending: SessionEnding): EndSessions {
  return { ending: () => ending, end: async () => ending };
}

/** Which feature answers "sign out everywhere" (each feature's own answers: its folder's tests). */
describe("choosing who ends a user's sessions", () => {
  it("asks the first feature in the list that can end sessions", async () => {
    const database: SessionEnding = { supported: true, strategy: "database" };
    const jwt: SessionEnding = { supported: true, strategy: "jwt", withinSeconds: 60, propagationSeconds: 0 };
    const list: Feature[] = [{ name: "trace" }, { name: "database-sessions", sessions: answering(database) }, { name: "revocation", sessions: answering(jwt) }];
    expect(sessionsOf(list).ending()).toEqual(database);
    expect(await sessionsOf(list).end("user-demo")).toEqual(database);
  });

  it("says which feature to turn on when none can, and ends nothing", async () => {
    const none = sessionsOf([{ name: "trace" }]);
    expect(none.ending()).toEqual({ supported: false, reason: expect.stringContaining("features/revocation") });
    expect(await none.end("user-demo")).toEqual(none.ending());
  });
});
