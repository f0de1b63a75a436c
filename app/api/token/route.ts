import { readSessionToken } from "@/lib/read-token";
import { PERSONALISED_CACHE_CONTROL } from "@/lib/response-headers";

/**
 * The claims in the session cookie, read with `getToken()` (no callbacks run here; see
 * lib/read-token.ts). A demo of the token-only path; it shows claims, never the token itself.
 */
export async function GET(request: Request): Promise<Response> {
  const token = await readSessionToken(request);
  const headers = { "Cache-Control": PERSONALISED_CACHE_CONTROL };
  if (!token) return Response.json({ error: "unauthorized" }, { status: 401, headers });
  const { id, role, email, name, exp } = token;
  return Response.json({ id, role, email, name, exp }, { headers });
}
