"use client";

import { useState } from "react";

import type { SessionEnding } from "@/lib/features";
import { requestEndSessions } from "@/lib/client/end-sessions-request";
import { useHydrated } from "@/lib/client/use-hydrated";

/** An admin ends another user's sessions by user id (DELETE /api/sessions?userId=…). */
export function EndUserSessions({ ending, knownUserIds }: { ending: SessionEnding; knownUserIds: string[] }) {
  const [userId, setUserId] = useState("");
  const [result, setResult] = useState<string>();
  const hydrated = useHydrated();

  if (!ending.supported) return <p className="muted">{ending.reason}</p>;
  const done =
    ending.strategy === "database"
      ? "ended"
      : ending.propagationSeconds === 0
        ? `end within ${ending.withinSeconds} s everywhere`
        : `end within ${ending.withinSeconds} s here and ${ending.withinSeconds + ending.propagationSeconds} s everywhere`;

  async function end(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setResult((await requestEndSessions(userId)) ?? `Sessions of ${userId} ${done}.`);
  }

  return (
    <form onSubmit={end}>
      <fieldset disabled={!hydrated}>
        <label>
          User id
          <input name="userId" list="known-user-ids" value={userId} onChange={(event) => setUserId(event.target.value)} maxLength={255} required />
        </label>
        <datalist id="known-user-ids">
          {knownUserIds.map((id) => (
            <option key={id} value={id} />
          ))}
        </datalist>
        <button type="submit">End their sessions</button>
      </fieldset>
      {result && <p role="status" data-testid="end-sessions-result">{result}</p>}
    </form>
  );
}
