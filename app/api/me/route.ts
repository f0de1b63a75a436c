import { auth } from "@/auth";
import { PERSONALISED_CACHE_CONTROL } from "@/lib/response-headers";

/** The signed-in user as JSON; 401 JSON when signed out (an API never redirects). */
export async function GET(): Promise<Response> {
  const session = await auth();
  const headers = { "Cache-Control": PERSONALISED_CACHE_CONTROL };
  if (!session?.user) return Response.json({ error: "unauthorized" }, { status: 401, headers });
  return Response.json({ user: session.user, expires: session.expires }, { headers });
}
