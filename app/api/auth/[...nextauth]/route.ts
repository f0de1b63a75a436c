import { handlers } from "@/auth";
import { limitCredentialsSignIn } from "@/lib/sign-in-limit";

/**
 * Auth.js answers sign-in errors with `Response.redirect()`, whose headers are immutable;
 * Next's edge route wrapper then appends to them and throws `TypeError: immutable`, turning a
 * wrong password into a 500. A copy with ordinary headers keeps the redirect and the cookies.
 */
async function withMutableHeaders(response: Response): Promise<Response> {
  return new Response(response.body, response);
}

export async function GET(request: Request): Promise<Response> {
  return withMutableHeaders(await handlers.GET(request as Parameters<typeof handlers.GET>[0]));
}

export async function POST(request: Request): Promise<Response> {
  const response = await limitCredentialsSignIn(request, (r) => handlers.POST(r as Parameters<typeof handlers.POST>[0]));
  return withMutableHeaders(response);
}
