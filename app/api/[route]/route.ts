import { features } from "@/auth.config";
import { featureRoute, type RouteMethod } from "@/lib/features";
import { PERSONALISED_CACHE_CONTROL } from "@/lib/response-headers";

/**
 * The API routes features serve (`routes` in lib/features.ts) at /api/<name>, such as
 * token-refresh's /api/userinfo. Next matches the app's own routes (/api/me, /api/auth/…)
 * first; a name no feature serves answers a JSON 404, as an API should.
 */
type Context = { params: Promise<{ route: string }> };

function serve(method: RouteMethod) {
  return async (request: Request, { params }: Context): Promise<Response> => {
    const handler = featureRoute(features, (await params).route, method);
    return handler ? handler(request) : Response.json({ error: "not-found" }, { status: 404, headers: { "Cache-Control": PERSONALISED_CACHE_CONTROL } });
  };
}

export const GET = serve("GET");
export const POST = serve("POST");
export const PUT = serve("PUT");
export const PATCH = serve("PATCH");
export const DELETE = serve("DELETE");
