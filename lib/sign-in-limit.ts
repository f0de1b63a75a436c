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
    // `url` is what next-auth/react's signIn() reads the error from; a form shows the sentence.
    const url = new URL("/signin?error=TooManyAttempts", request.url).href;
    return Response.json(
      { error: "TooManyAttempts", message: describeSignInError("TooManyAttempts"), url },
      { status: 429, headers: { "Retry-After": String(decision.retryAfterSeconds), "Cache-Control": "no-store" } },
    );
  }
  const response = await handle(request);
  if (email && (await isCleanSignIn(response))) await recordSignInSuccess(store, email);
  return response;
}

/**
 * Auth.js sends every failure to a URL with `?error=`: as a 302 Location, or, when the client
 * asked with `X-Auth-Return-Redirect` (next-auth/react), as `{ url }` in a 200 JSON body.
 */
async function isCleanSignIn(response: Response): Promise<boolean> {
  if (response.status === 302) return !(response.headers.get("location") ?? "").includes("error=");
  if (response.status !== 200) return false;
  const body: unknown = await response.clone().json().catch(() => null);
  const url = typeof body === "object" && body !== null && "url" in body ? body.url : undefined;
  return typeof url === "string" && !url.includes("error=");
}

async function readEmail(request: Request): Promise<string | undefined> {
  try {
    const email = (await request.formData()).get("email");
    return typeof email === "string" && email ? email : undefined;
  } catch {
    return undefined;
  }
}
