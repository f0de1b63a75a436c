import { CredentialsSignin } from "next-auth";
import { NextRequest } from "next/server";

import { describeSignInError } from "../../lib/auth-errors";
import type { AuthHandler } from "../../lib/features";
import { normalizeEmail } from "../../lib/users";
import { getClientIp } from "./client-ip";
import { getRateLimitStore, type Limit, type RateLimitStore } from "./rate-limit";

/**
 * The brute-force guard for credentials sign-in. It counts inside the Credentials provider's
 * `authorize`, on the e-mail Auth.js itself parsed (form or JSON, the last of repeated fields)
 * and only for requests that passed Auth.js's CSRF check: a second parser beside Auth.js was
 * what let the old limit be walked around.
 *
 * Lockout policy: attempts count per account *from one client IP* and per client IP, so a
 * guesser is stopped without anyone being able to lock someone else out of their account.
 * Only where no client IP can be trusted (client-ip.ts) do they count per account, which
 * bounds guessing at the price of letting anyone hold that account's sign-in off. SECURITY.md
 * states the trade-off.
 */
export const SIGN_IN_LIMITS = {
  // A person mistyping gets several tries; a password guesser gets few per account...
  accountFromIp: { max: 10, windowMs: 15 * 60_000 },
  // ...an address gets enough for a shared office or NAT, not for a credential-stuffing run...
  ip: { max: 50, windowMs: 15 * 60_000 },
  // ...and with no trustworthy IP, the account alone.
  account: { max: 10, windowMs: 15 * 60_000 },
} satisfies Record<string, Limit>;

export type LimitDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export interface SignInAttempt {
  email?: string;
  /** Only an address the platform or a named proxy vouches for (client-ip.ts). */
  ip?: string;
}

// Longer input cannot sign in (auth.config.ts refuses it); hashing more of it buys nothing.
const MAX_HASHED_LENGTH = 1024;

/**
 * KV keys are at most 512 bytes and an e-mail is whatever the client sent: keys are a SHA-256 of
 * the normalised parts, fixed length, and never hold an address in the clear.
 */
async function hashKey(kind: string, ...parts: string[]): Promise<string> {
  const data = new TextEncoder().encode(parts.map((part) => part.slice(0, MAX_HASHED_LENGTH)).join("\n"));
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", data));
  return `signin:${kind}:${Array.from(digest, (byte) => byte.toString(16).padStart(2, "0")).join("")}`;
}

/** The counter a success clears: the account as seen from this IP (or alone, with no IP). */
async function accountKey({ email, ip }: SignInAttempt): Promise<[string, Limit] | undefined> {
  if (!email) return undefined;
  // The user lookup's normalisation, so case or spaces give no fresh counter.
  const account = normalizeEmail(email);
  return ip ? [await hashKey("account-ip", account, ip), SIGN_IN_LIMITS.accountFromIp] : [await hashKey("account", account), SIGN_IN_LIMITS.account];
}

async function keysFor(attempt: SignInAttempt): Promise<[string, Limit][]> {
  const keys: [string, Limit][] = [];
  const account = await accountKey(attempt);
  if (account) keys.push(account);
  if (attempt.ip) keys.push([await hashKey("ip", attempt.ip), SIGN_IN_LIMITS.ip]);
  return keys;
}

/** Counts this attempt on each of its counters; refused when any is over its limit. */
export async function checkSignInAttempt(store: RateLimitStore, attempt: SignInAttempt, now = Date.now()): Promise<LimitDecision> {
  let retryAt = 0;
  for (const [key, limit] of await keysFor(attempt)) {
    const tally = await store.hit(key, limit, now);
    if (tally.count > limit.max) retryAt = Math.max(retryAt, tally.retryAt);
  }
  return retryAt > 0 ? { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((retryAt - now) / 1000)) } : { allowed: true };
}

/**
 * A successful sign-in clears the account's counter from this IP, the one the success itself was
 * counted on; never the IP's (one good password must not reset a guessing run) and never another
 * account's.
 */
export async function recordSignInSuccess(store: RateLimitStore, attempt: SignInAttempt): Promise<void> {
  const account = await accountKey(attempt);
  if (account) await store.clear(account[0]);
}

/**
 * Thrown from `authorize`: Auth.js answers a CredentialsSignin with `?error=CredentialsSignin&code=`
 * this code (a redirect, or `{ url }` for next-auth/react), which the sign-in page understands.
 * @see https://authjs.dev/reference/core/errors#credentialssignin
 */
export class TooManyAttempts extends CredentialsSignin {
  code = "TooManyAttempts";
}

/**
 * Auth.js hands `authorize` a Request it rebuilt (same headers, its own body) and keeps only the
 * error's type and code, so a refusal's Retry-After reaches the route through this table, keyed
 * by an id the route puts on the request. Ids come only from `limitCredentialsSignIn`, which
 * overwrites any a client sent, so a client cannot make entries here.
 */
const REQUEST_ID_HEADER = "x-edge-auth-sign-in-id";
const pending = new Map<string, { retryAfterSeconds?: number }>();

/** For `authorize`: counts this attempt, throwing TooManyAttempts when over the limit. */
export async function countSignInAttempt(
  request: Request,
  email: string | undefined,
  store: RateLimitStore = getRateLimitStore(),
): Promise<{ succeeded(): Promise<void> }> {
  const attempt = { email, ip: getClientIp(request) };
  const decision = await checkSignInAttempt(store, attempt);
  if (!decision.allowed) {
    const slot = pending.get(request.headers.get(REQUEST_ID_HEADER) ?? "");
    if (slot) slot.retryAfterSeconds = decision.retryAfterSeconds;
    throw new TooManyAttempts();
  }
  return { succeeded: () => recordSignInSuccess(store, attempt) };
}

/**
 * Wraps the Auth.js POST handler so a refused credentials attempt is answered `429` with
 * `Retry-After` and `{ error, message, url }`: `url` is what next-auth/react's signIn() reads the
 * error from, and a plain form shows `message`. Other requests pass untouched.
 */
export async function limitCredentialsSignIn(request: NextRequest, handle: AuthHandler): Promise<Response> {
  if (request.method !== "POST" || !new URL(request.url).pathname.endsWith("/callback/credentials")) return handle(request);

  const id = crypto.randomUUID();
  const slot: { retryAfterSeconds?: number } = {};
  pending.set(id, slot);
  try {
    const headers = new Headers(request.headers);
    headers.set(REQUEST_ID_HEADER, id);
    // A NextRequest (next-auth reads `nextUrl`), spelled out: under `next start`'s edge sandbox,
    // `new NextRequest(request, { headers })` lost the method.
    const tagged = new NextRequest(request.url, { method: request.method, headers, body: await request.arrayBuffer() });
    const response = await handle(tagged);
    if (slot.retryAfterSeconds === undefined) return response;
    const url = new URL("/signin?error=TooManyAttempts", request.url).href;
    return Response.json(
      { error: "TooManyAttempts", message: describeSignInError("TooManyAttempts"), url },
      { status: 429, headers: { "Retry-After": String(slot.retryAfterSeconds), "Cache-Control": "no-store" } },
    );
  } finally {
    pending.delete(id);
  }
}
