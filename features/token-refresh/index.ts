import { authEnv } from "../../lib/env";
import { mapConfig, type Feature } from "../../lib/features";

import { withTokenRefresh } from "./callbacks";
import { withSessionHandoff } from "./session-handoff";
import { GET as userinfo } from "./userinfo";

/**
 * Provider access tokens (OAuth/OIDC), kept in the encrypted session and refreshed once per
 * expiry in middleware, coordinated across requests and instances (README.md). Serves
 * /api/userinfo. Database sessions run no `jwt` callback, so there the step never runs.
 */
export function tokenRefresh(): Feature {
  const env = authEnv();
  const routes = { userinfo: { GET: userinfo } };
  return {
    name: "token-refresh",
    config: (config, instance) => mapConfig(config, (resolved) => withTokenRefresh(resolved, instance, env)),
    // Right around Auth.js's answer: a refreshed cookie reaches the page or route of this request.
    authMiddleware: withSessionHandoff,
    routes,
  };
}
