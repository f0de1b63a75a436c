/**
 * Route protection at the edge: the template's middleware (lib/middleware.ts), where Auth.js's
 * `authorized` callback in auth.config.ts decides, and the paths it runs on.
 */
import { middleware } from "@/lib/middleware";

// Next 16 checks that this file exports a function and does not follow a re-export (`export { … } from`).
export default middleware;

export const config = {
  // The edge runtime, Next's default for middleware.ts. The one switch to Node.js is a line here,
  // `runtime: "nodejs",` (docs/deploy.md says where each is better). Edge is the default left
  // unsaid: Next 16 refuses `runtime: "edge"` here and warns on "experimental-edge". Not a
  // proxy.ts: Next runs that on Node.js only, and refuses it beside a middleware.ts.
  // Everything but static files and the Auth.js endpoints, which check their own input; except
  // /api/auth/session (what useSession() reads and update() posts), so its reads meet the same
  // refresh as every other request instead of refreshing beside it.
  matcher: ["/((?!api/auth|_next/static|_next/image|favicon.ico|robots.txt).*)", "/api/auth/session"],
};
