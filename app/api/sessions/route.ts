import { auth } from "@/auth";
import { endSessions } from "@/lib/end-sessions";
import { isSameOrigin } from "@/lib/same-origin";
import { PERSONALISED_CACHE_CONTROL } from "@/lib/response-headers";

const headers = { "Cache-Control": PERSONALISED_CACHE_CONTROL };
const answer = (body: object, status: number) => Response.json(body, { status, headers });

/**
 * `DELETE /api/sessions` ends every session of the signed-in user ("sign out everywhere");
 * `DELETE /api/sessions?userId=…` ends another user's, for admins only.
 *
 * CSRF: a cross-site page cannot make this request with the user's cookie — the cookie is
 * SameSite=Lax and a cross-origin DELETE needs a CORS preflight this route never grants — and
 * the Origin header, which browsers always send on DELETE, must name this app (lib/same-origin.ts).
 */
export async function DELETE(request: Request): Promise<Response> {
  if (!isSameOrigin(request.headers, process.env.AUTH_URL)) return answer({ error: "cross-origin", message: "Send this request from the app's own pages." }, 403);
  const session = await auth();
  if (!session?.user?.id) return answer({ error: "unauthorized" }, 401);

  const userId = new URL(request.url).searchParams.get("userId") ?? session.user.id;
  if (userId !== session.user.id && session.user.role !== "admin") return answer({ error: "forbidden" }, 403);
  if (userId.length === 0 || userId.length > 255) return answer({ error: "bad-user-id", message: "userId must be 1 to 255 characters." }, 400);

  let ending;
  try {
    ending = await endSessions(userId);
  } catch (error) {
    // The store did not answer in time: nothing was ended, and the page may ask again.
    console.error("ending sessions failed:", error instanceof Error ? error.name : "unknown");
    return answer({ error: "store-unavailable", message: "The session store did not answer; nothing was ended. Try again." }, 503);
  }
  // Not a 5xx: the request is fine, this deployment's configuration cannot honour it.
  if (!ending.supported) return answer({ error: "unsupported", message: ending.reason }, 409);
  return answer({ userId, ...ending }, 200);
}
