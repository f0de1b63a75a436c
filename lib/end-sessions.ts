import { features } from "../auth.config";
import type { EndSessions, Feature, SessionEnding } from "./features";

/**
 * "Sign out everywhere" (DELETE /api/sessions, the dashboard and admin pages): the first feature
 * in auth.config.ts's list that can end sessions answers. Database sessions delete the rows and
 * sit earlier in the list, so they answer whenever they are on; features/revocation ends JWT
 * sessions within its check interval. Without either a JWT lives until it expires, and the
 * answer says which feature to turn on instead of pretending.
 */
const NONE: SessionEnding = {
  supported: false,
  reason: "JWT sessions end only when they expire: turn on features/revocation (a line in auth.config.ts's features list) to let them be ended early.",
};

export function sessionsOf(list: readonly Feature[]): EndSessions {
  return list.find((feature) => feature.sessions)?.sessions ?? { ending: () => NONE, end: async () => NONE };
}

const sessions = sessionsOf(features);

export function sessionEnding(): SessionEnding {
  return sessions.ending();
}

/** Ends every session of `userId`; returns what happened, in the terms of `sessionEnding()`. */
export function endSessions(userId: string): Promise<SessionEnding> {
  return sessions.end(userId);
}
