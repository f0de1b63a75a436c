import { describeSignInError } from "./auth-errors";
import { getClientIp } from "./client-ip";
import { checkSignInAttempt, getRateLimitStore, recordSignInSuccess } from "./rate-limit";

/**
 * Brute-force guard for `POST /api/auth/callback/credentials`: counts the attempt per account
 * and per client IP before Auth.js derives a password hash, and answers 429 with Retry-After
 * once either is over its limit (lib/rate-limit.ts). Other Auth.js requests pass untouched.
 */
export async function limitCredentialsSignIn(request: Request, handle: (request: Request) => Promise<Response>): Promise<Response> {
  if (request.method !== "POST" || !new URL(request.url).pathname.endsWith("/callback/credentials")) return handle(request);

  const email = await readEmail(request.clone());
  const store = getRateLimitStore();
  const decision = await checkSignInAttempt(store, { email, ip: getClientIp(request) });
  if (!decision.allowed) {
    return Response.json(
      { error: "TooManyAttempts", message: describeSignInError("TooManyAttempts") },
      { status: 429, headers: { "Retry-After": String(decision.retryAfterSeconds), "Cache-Control": "no-store" } },
    );
  }
  const response = await handle(request);
  // Auth.js redirects with ?error= on every failure; a clean redirect is a session.
  const location = response.headers.get("location") ?? "";
  if (email && response.status === 302 && !location.includes("error=")) await recordSignInSuccess(store, email);
  return response;
}

async function readEmail(request: Request): Promise<string | undefined> {
  try {
    const email = (await request.formData()).get("email");
    return typeof email === "string" && email ? email : undefined;
  } catch {
    return undefined;
  }
}
