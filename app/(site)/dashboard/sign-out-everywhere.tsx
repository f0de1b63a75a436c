"use client";

import { signOut } from "next-auth/react";
import { useState } from "react";

import type { SessionEnding } from "@/lib/features";
import { requestEndSessions } from "@/lib/client/end-sessions-request";
import { useHydrated } from "@/lib/client/use-hydrated";

/**
 * Ends every session of this user (DELETE /api/sessions), then signs this browser out at once:
 * other devices follow at their next session check (JWT) or immediately (database sessions).
 */
export function SignOutEverywhere({ ending }: { ending: SessionEnding }) {
  const [error, setError] = useState<string>();
  const hydrated = useHydrated();

  if (!ending.supported) {
    return (
      <p className="muted" data-testid="sign-out-everywhere-off">
        {ending.reason}
      </p>
    );
  }

  async function endAll() {
    const failure = await requestEndSessions();
    if (failure) setError(failure);
    else await signOut({ redirectTo: "/signin" });
  }

  return (
    <>
      <p className="muted">
        {ending.strategy === "database"
          ? "Ends your sessions on every device now."
          : ending.propagationSeconds === 0
            ? `Ends your sessions within ${ending.withinSeconds} s on every device.`
            : `Ends your sessions within ${ending.withinSeconds} s on devices served here, and within ${ending.withinSeconds + ending.propagationSeconds} s everywhere (the change takes up to ${ending.propagationSeconds} s to reach other Cloudflare locations).`}
      </p>
      <button type="button" className="secondary" disabled={!hydrated} onClick={endAll}>
        Sign out everywhere
      </button>
      {error && <p role="alert">{error}</p>}
    </>
  );
}
