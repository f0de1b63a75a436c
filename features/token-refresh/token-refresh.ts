import type { JWT } from "next-auth/jwt";

import type { AuthEnv } from "../../lib/env";
import { ProviderUnavailable, refreshTokenGrant, RefreshRejected } from "./provider-client";
import { isDue, parseProviderTokens, tokensFromGrant, type GrantResponse, type ProviderTokens } from "./provider-tokens";
import { openOutcome, recordKeys, sealOutcome, type RecordKeys, type RefreshOutcome } from "./refresh-record";
import { getRefreshStore, type RefreshStore } from "./refresh-store";

/**
 * Refresh-token rotation without the race (next-auth#11240, #7558, #11853). Only middleware
 * refreshes (its instance's `jwt` callback gets this step, ./callbacks.ts), so every request
 * (page, route, /api/auth/session, prefetch) meets one refresh point, and middleware hands the
 * refreshed cookie to the render (./session-handoff.ts). Concurrent requests with the same
 * refresh token meet in a `RefreshStore`: one claims and calls the provider; the others wait
 * for the recorded outcome; a late request still carrying the old refresh token reads the same
 * outcome instead of presenting a consumed token, which strict providers punish by revoking
 * the grant.
 */

/** How long a claim holds if its request dies mid-refresh; longer than the provider call's timeout. */
const CLAIM_SECONDS = 30;
/**
 * How long the outcome of a rotation stays readable by requests with the old refresh token:
 * long enough for stale responses and slow tabs, short because it is also how long a copy
 * of the old cookie can still be swapped for the new tokens (SECURITY.md).
 */
export const OUTCOME_SECONDS = 60;
const WAIT_MS = 15_000;
const POLL_MS = 25;

export type Grant = (tokens: ProviderTokens) => Promise<GrantResponse>;

export interface RefreshDeps {
  store: RefreshStore;
  /** The session secret: part of the record's key derivation (./refresh-record.ts). */
  secret: string;
  grant: Grant;
  now?: () => number;
}

/** Waiting for another request's refresh ran out: keep the token as it is, a later request will see the outcome. */
type Pending = { pending: true };

export async function coordinatedRefresh(tokens: ProviderTokens, deps: RefreshDeps): Promise<RefreshOutcome | Pending> {
  if (!tokens.refreshToken) return { error: "RefreshTokenError" };
  const keys = await recordKeys(tokens.refreshToken, deps.secret);
  const recorded = await readOutcome(deps.store, keys);
  if (recorded) return recorded;

  if (await deps.store.claim(keys.id, CLAIM_SECONDS)) {
    // The outcome may have landed between the read above and the claim (a claim lapses before its outcome).
    const landed = await readOutcome(deps.store, keys);
    if (landed) return landed;
    let outcome: RefreshOutcome;
    try {
      outcome = { tokens: tokensFromGrant(tokens, await deps.grant(tokens), Math.floor((deps.now ?? Date.now)() / 1000)) };
    } catch (error) {
      if (!(error instanceof RefreshRejected)) {
        await deps.store.release(keys.id);
        if (error instanceof ProviderUnavailable) return { pending: true };
        throw error;
      }
      outcome = { error: "RefreshTokenError" };
    }
    await deps.store.record(keys.id, await sealOutcome(outcome, keys), OUTCOME_SECONDS);
    return outcome;
  }

  const deadline = Date.now() + WAIT_MS;
  while (Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    const outcome = await readOutcome(deps.store, keys);
    if (outcome) return outcome;
  }
  return { pending: true };
}

async function readOutcome(store: RefreshStore, keys: RecordKeys): Promise<RefreshOutcome | undefined> {
  const sealed = await store.outcome(keys.id);
  return sealed ? openOutcome(sealed, keys) : undefined;
}

/** The token with the outcome applied: new provider tokens, or the error and no tokens at all. */
export function applyOutcome(token: JWT, outcome: RefreshOutcome | Pending): JWT {
  if ("pending" in outcome) return token;
  if ("error" in outcome) {
    // The tokens go: a refused refresh token is useless, and the access token is about to expire.
    const rest = { ...token };
    delete rest.providerTokens;
    return { ...rest, error: outcome.error };
  }
  return { ...token, providerTokens: outcome.tokens };
}

/**
 * The `jwt` step middleware adds: refresh when due, through the shared store. Without a
 * refresh token (Google without offline access) the access token simply expires: the session
 * stays as it is, with no error, because there was nothing to refuse.
 */
export async function refreshProviderTokens(token: JWT, deps: RefreshDeps): Promise<JWT> {
  const tokens = parseProviderTokens(token.providerTokens);
  if (!tokens?.refreshToken || token.error || !isDue(tokens, Math.floor((deps.now ?? Date.now)() / 1000))) return token;
  return applyOutcome(token, await coordinatedRefresh(tokens, deps));
}

/** The dependencies middleware runs with: the platform's store, the current secret, the real provider. */
export function refreshDeps(env: Pick<AuthEnv, "secrets" | "oidc" | "google" | "github">): RefreshDeps {
  const [secret] = env.secrets;
  // Auth.js refuses to read a session without a secret before `jwt` runs; this is the same rule.
  if (secret === undefined) throw new Error("AUTH_SECRET is not set");
  return { store: getRefreshStore(), secret, grant: (tokens) => refreshTokenGrant(tokens, env) };
}
