/** Route protection at the edge: lib/middleware.ts, where auth.config.ts's `authorized` decides. */
import { middleware } from "@/lib/middleware";

// A function, not `export { … } from`: Next 16 does not follow a re-export here.
export default middleware;

export const config = {
  // Edge, Next's default here (Next 16 refuses `runtime: "edge"`); the one switch to Node.js is
  // `runtime: "nodejs",` (docs/deploy.md). Not proxy.ts: Node.js only, refused beside this file.
  // Everything but static files and Auth.js's endpoints, except /api/auth/session (what
  // useSession() reads), so its reads meet the same token refresh as every other request.
  matcher: ["/((?!api/auth|_next/static|_next/image|favicon.ico|robots.txt).*)", "/api/auth/session"],
};
