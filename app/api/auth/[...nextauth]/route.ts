import { handlers } from "@/auth";
import { features } from "@/auth.config";
import { cleanAuthRequest } from "@/lib/auth-input";
import { authRouteFor, type AuthHandler } from "@/lib/features";

/**
 * Auth.js's endpoints, with two guards around them:
 * - What a client controls and Auth.js would answer with a 500 (a `javascript:` callback URL,
 *   a session cookie under a foreign name) is taken out first, and a bad cookie is cleared
 *   (lib/auth-input.ts).
 * - Auth.js answers sign-in errors with `Response.redirect()`, whose headers are immutable;
 *   Next's edge route wrapper then appends to them and throws `TypeError: immutable`, turning a
 *   wrong password into a 500. A copy with ordinary headers keeps the redirect and the cookies.
 * Features may wrap the POST handler (the sign-in limit answers its refusals with 429).
 */
async function answer(incoming: Request, handler: AuthHandler): Promise<Response> {
  const { request, clear } = await cleanAuthRequest(incoming);
  const response = await handler(request);
  const copy = new Response(response.body, response);
  for (const line of clear) copy.headers.append("set-cookie", line);
  return copy;
}

export function GET(request: Request): Promise<Response> {
  return answer(request, handlers.GET);
}

const post = authRouteFor((request) => handlers.POST(request), features);

export function POST(request: Request): Promise<Response> {
  return answer(request, post);
}
