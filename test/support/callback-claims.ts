import type { RecordedCall, ScenarioRecord } from "./callback-scenarios";

/**
 * The seed notes' claims about when callbacks run (../shared/seed-notes.md, quoted briefly),
 * each judged from the recorded runs. The verdict and the numbers in the evidence are computed
 * from the records, so a change in Auth.js or in the app changes the doc, and the suite fails
 * until the doc is regenerated.
 */

export interface Verdict {
  verdict: "confirmed" | "wrong" | "depends" | "not recorded";
  evidence: string;
}

export interface Claim {
  claim: string;
  scenarios: string[];
  check(records: ScenarioRecord[]): Verdict;
}

type Callback = RecordedCall["callback"];

/** In the order Auth.js runs them on sign-in. */
const CALLBACK_NAMES: Callback[] = ["signIn", "jwt", "session", "redirect", "authorized"];

function calls(records: ScenarioRecord[], id: string, callback?: Callback, surface?: RecordedCall["surface"]): RecordedCall[] {
  const record = records.find((r) => r.id === id);
  return (record?.calls ?? []).filter((c) => (!callback || c.callback === callback) && (!surface || c.surface === surface));
}

function recorded(records: ScenarioRecord[], ids: string[]): boolean {
  return ids.every((id) => records.some((r) => r.id === id));
}

const NOT_RECORDED: Verdict = { verdict: "not recorded", evidence: "this run does not include the scenario" };

/** "`jwt` 3× (mw 1, app 2)" */
function times(list: RecordedCall[], callback: Callback): string {
  const of = list.filter((c) => c.callback === callback);
  const mw = of.filter((c) => c.surface === "middleware").length;
  return `\`${callback}\` ${of.length}×${of.length && mw && mw !== of.length ? ` (mw ${mw}, app ${of.length - mw})` : ""}`;
}

/** "1× on /api/auth/signin/oidc, 1× on /api/auth/callback/oidc", in the order first seen. */
function perPath(list: RecordedCall[]): string {
  const paths = [...new Set(list.map((c) => c.path ?? "(no path)"))];
  return paths.map((path) => `${list.filter((c) => (c.path ?? "(no path)") === path).length}× on ${path}`).join(", ");
}

function ran(records: ScenarioRecord[], id: string, callback: Callback): boolean {
  return calls(records, id, callback).length > 0;
}

function claim(text: string, scenarios: string[], judge: (records: ScenarioRecord[]) => Verdict): Claim {
  return {
    claim: text,
    scenarios,
    check: (records) => (recorded(records, scenarios) ? judge(records) : NOT_RECORDED),
  };
}

const SIGN_IN = "signin-credentials";
const OIDC = "signin-oidc";
const PAGE = "later-page-load";
const USE_SESSION = ["use-session-load", "use-session-visible"];

/** "user ✓, account ✓, profile ✗" for the calls of one callback, or which of them had each. */
function received(list: RecordedCall[]): string {
  const flag = (key: "user" | "account" | "profile") => {
    const count = list.filter((c) => c[key]).length;
    return `${key} ${count === list.length ? "✓" : count === 0 ? "✗" : `✓ ${count} of ${list.length}`}`;
  };
  return [flag("user"), flag("account"), flag("profile")].join(", ");
}

export const claims: Claim[] = [
  claim("With `strategy: \"jwt\"` the session is stored in a signed cookie", [SIGN_IN], () => ({
    verdict: "wrong",
    evidence: "encrypted, not just signed: the scenario asserts the cookie is a JWE (`alg: \"dir\"`, AES-256 content encryption), so the browser cannot read the claims either",
  })),
  claim("Initial sign-in: `signIn` runs and allows or blocks the login", [SIGN_IN, OIDC, "signin-refused"], (r) => {
    const refused = calls(r, "signin-refused");
    const ok = ran(r, SIGN_IN, "signIn") && ran(r, OIDC, "signIn") && refused.some((c) => c.callback === "signIn" && c.allowed === false);
    return {
      verdict: ok ? "confirmed" : "wrong",
      evidence: `credentials: ${times(calls(r, SIGN_IN), "signIn")}; OIDC: ${times(calls(r, OIDC), "signIn")}, on the IdP's return to the callback; refused sign-in: ${times(refused, "signIn")} returning false, then ${times(refused, "jwt")} (no token is made)`,
    };
  }),
  claim("Initial sign-in: `jwt` runs with `user` available", [SIGN_IN, OIDC], (r) => {
    const jwt = [...calls(r, SIGN_IN, "jwt"), ...calls(r, OIDC, "jwt")];
    const ok = calls(r, SIGN_IN, "jwt").length > 0 && calls(r, OIDC, "jwt").length > 0 && jwt.every((c) => c.user && c.trigger === "signIn");
    return {
      verdict: ok ? "confirmed" : "wrong",
      evidence: `credentials: ${times(calls(r, SIGN_IN), "jwt")} (${received(calls(r, SIGN_IN, "jwt"))}); OIDC: ${times(calls(r, OIDC), "jwt")} (${received(calls(r, OIDC, "jwt"))}); \`trigger: "signIn"\` in ${jwt.filter((c) => c.trigger === "signIn").length} of ${jwt.length}`,
    };
  }),
  claim("Sign-in goes the same \"with credential or google or any providers\"", [SIGN_IN, OIDC], (r) => {
    const [credentials, oidc] = [calls(r, SIGN_IN), calls(r, OIDC)];
    const names = (list: RecordedCall[]) => CALLBACK_NAMES.filter((name) => list.some((c) => c.callback === name)).join(", ");
    const profileOnlyFromOidc = calls(r, OIDC, "jwt").every((c) => c.profile) && calls(r, SIGN_IN, "jwt").every((c) => !c.profile);
    return {
      verdict: names(credentials) === names(oidc) && !profileOnlyFromOidc ? "confirmed" : names(credentials) === names(oidc) ? "depends" : "wrong",
      evidence: `the same callbacks run (${names(oidc)}), but what they get depends on the provider: \`jwt\` got ${received(calls(r, SIGN_IN, "jwt"))} with credentials and ${received(calls(r, OIDC, "jwt"))} with OIDC (\`profile\` is the IdP's ID-token claims). OIDC also runs ${times(oidc, "redirect")} against ${times(credentials, "redirect")}, as the request before the IdP checks the \`callbackUrl\` too (${perPath(calls(r, OIDC, "redirect"))})`,
    };
  }),
  claim("Initial sign-in: `session` runs only \"if session is accessed right away\" (✅*)", [SIGN_IN, OIDC, "first-page-load"], (r) => {
    const during = calls(r, SIGN_IN, "session").length + calls(r, OIDC, "session").length;
    const after = calls(r, "first-page-load", "session");
    return {
      verdict: during === 0 && after.length > 0 ? "depends" : "wrong",
      evidence: `not during the sign-in requests (credentials: ${times(calls(r, SIGN_IN), "session")}, OIDC: ${times(calls(r, OIDC), "session")}); the redirected page load then runs ${times(after, "session")}`,
    };
  }),
  claim("Initial sign-in: `redirect` may run (✅*)", [SIGN_IN, OIDC, "signin-refused"], (r) => ({
    verdict: ran(r, SIGN_IN, "redirect") && ran(r, OIDC, "redirect") && ran(r, "signin-refused", "redirect") ? "confirmed" : "wrong",
    evidence: `it ran every time: ${times(calls(r, SIGN_IN), "redirect")} on a credentials sign-in, ${times(calls(r, OIDC), "redirect")} on an OIDC one, ${times(calls(r, "signin-refused"), "redirect")} on a refused one (it checks the \`callbackUrl\`)`,
  })),
  claim("Page load (signed in): `signIn` does not run", [PAGE], (r) => ({
    verdict: ran(r, PAGE, "signIn") ? "wrong" : "confirmed",
    evidence: times(calls(r, PAGE), "signIn"),
  })),
  claim("Page load (signed in): `jwt` and `session` run", [PAGE, "middleware-only"], (r) => {
    const page = calls(r, PAGE);
    return {
      verdict: ran(r, PAGE, "jwt") && ran(r, PAGE, "session") ? "confirmed" : "wrong",
      evidence: `${times(page, "jwt")}, ${times(page, "session")}: once per session read (middleware, then one \`auth()\` per render, shared by layout and page through React \`cache\`). Signed out, neither runs (${times(calls(r, "middleware-only"), "jwt")}): no cookie, nothing to decode`,
    };
  }),
  claim("Page load (signed in): `redirect` does not run", [PAGE], (r) => {
    const redirects = calls(r, PAGE, "redirect").length;
    return {
      verdict: redirects === 0 ? "confirmed" : "wrong",
      evidence: `${times(calls(r, PAGE), "redirect")}: middleware and \`auth()\` read the session as a function call (features/fast-read), not through Auth.js's handler, which is what runs \`redirect\` to vet the \`authjs.callback-url\` cookie`,
    };
  }),
  claim("`useSession()` call: `jwt` and `session` run, `signIn` and `redirect` do not", [...USE_SESSION, "session-endpoint"], (r) => {
    const [load, visible] = [calls(r, "use-session-load"), calls(r, "use-session-visible")];
    const perFetch = calls(r, "session-endpoint", "session").length;
    const fetches = perFetch ? calls(r, "use-session-visible", "session").length / perFetch : 0;
    const echo = fetches > 1 ? ": its own refetch, then again on the BroadcastChannel message that refetch posts, which the same tab hears" : "";
    return {
      verdict: load.length === 0 && visible.length > 0 && !ran(r, "use-session-visible", "signIn") ? "depends" : "wrong",
      evidence: `on when it fetches. In Chromium, \`useSession()\` fetched nothing on page load (${times(load, "jwt")} from /api/auth/session): \`SessionProvider\` got the session the layout's \`auth()\` read. When the tab was shown again it fetched ${fetches}×${echo}, running ${times(visible, "jwt")}, ${times(visible, "session")}, ${times(visible, "signIn")} and ${times(visible, "redirect")}: \`redirect\` does run, because Auth.js's own handler answers /api/auth/session and vets the callback-URL cookie there`,
    };
  }),
  claim("API session check: `jwt` and `session` run, `redirect` does not", ["api-auth"], (r) => {
    const list = calls(r, "api-auth");
    return {
      verdict: ran(r, "api-auth", "redirect") ? "wrong" : "confirmed",
      evidence: `/api/me with \`auth()\`: ${times(list, "jwt")}, ${times(list, "session")}, ${times(list, "redirect")} (neither middleware's read nor the route's \`auth()\` goes through Auth.js's handler)`,
    };
  }),
  claim("Sign-out: only `redirect` may run", ["signout"], (r) => {
    const list = calls(r, "signout");
    const others = list.filter((c) => c.callback !== "redirect").length;
    return {
      verdict: others === 0 && ran(r, "signout", "redirect") ? "confirmed" : "wrong",
      evidence: `${times(list, "redirect")}, ${times(list, "jwt")}, ${times(list, "session")}`,
    };
  }),
  claim("`user` in `jwt` is defined on sign-in and undefined on later requests", [SIGN_IN, OIDC, PAGE, "session-endpoint", "use-session-visible", "update"], (r) => {
    const signIns = [...calls(r, SIGN_IN, "jwt"), ...calls(r, OIDC, "jwt")];
    const later = [PAGE, "session-endpoint", "update", "api-auth", "middleware-only-signed-in", ...USE_SESSION].flatMap((id) => calls(r, id, "jwt"));
    const ok = signIns.every((c) => c.user) && later.every((c) => !c.user && !c.account && !c.profile);
    return {
      verdict: ok ? "confirmed" : "wrong",
      evidence: `user defined in ${signIns.filter((c) => c.user).length} of ${signIns.length} sign-in calls (credentials and OIDC), in ${later.filter((c) => c.user).length} of ${later.length} later calls; \`account\` and \`profile\` likewise reach \`jwt\` on sign-in only (later: ${later.filter((c) => c.account || c.profile).length} of ${later.length}), so copy what you need from them onto the token then (Auth.js's types still declare \`user\` as always present)`,
    };
  }),
  claim("`signIn` has no token, so it cannot put data on it (it is a guard)", [SIGN_IN, OIDC], (r) => {
    const signIn = [...calls(r, SIGN_IN, "signIn"), ...calls(r, OIDC, "signIn")];
    return {
      verdict: signIn.every((c) => !c.token) ? "confirmed" : "wrong",
      evidence: `\`signIn\` got ${received(calls(r, SIGN_IN, "signIn"))} (credentials), ${received(calls(r, OIDC, "signIn"))} (OIDC), token ${signIn.some((c) => c.token) ? "✓" : "✗"}; the token is made afterwards in \`jwt\``,
    };
  }),
  claim("`session` runs only when the session is accessed (getSession/useSession, `auth()`, middleware `req.auth`)", [SIGN_IN, "api-get-token"], (r) => {
    const token = calls(r, "api-get-token");
    return {
      verdict: "depends",
      evidence: `true for the app's own code, but middleware reads the session on every matched request whether or not \`authorized\` uses it: /api/token ran ${times(token, "session")}, all in middleware`,
    };
  }),
  claim("`jwt` runs in middleware and on every `auth()` call", [PAGE, "api-auth"], (r) => ({
    verdict: calls(r, PAGE, "jwt", "middleware").length > 0 && calls(r, "api-auth", "jwt", "app").length > 0 ? "confirmed" : "wrong",
    evidence: `page load: ${times(calls(r, PAGE), "jwt")}; /api/me: ${times(calls(r, "api-auth"), "jwt")}`,
  })),
  claim("`jwt` runs on token refresh / `update()` so you can modify the token", ["update"], (r) => {
    const jwt = calls(r, "update", "jwt");
    return {
      verdict: jwt.some((c) => c.trigger === "update") ? "confirmed" : "wrong",
      evidence: `${times(jwt, "jwt")} with \`trigger: "update"\`, then ${times(calls(r, "update"), "session")}; user undefined`,
    };
  }),
  claim("`jwt` does not run if you never call session logic", ["api-get-token", "middleware-only"], (r) => ({
    verdict: "depends",
    evidence: `on whether middleware matches the path: /api/token never asks for a session, yet ${times(calls(r, "api-get-token"), "jwt")} ran in middleware; signed out, nothing runs but \`authorized\` (${times(calls(r, "middleware-only"), "jwt")})`,
  })),
  claim("`session` runs after `jwt()`, always", [SIGN_IN, "tampered-token", "expired-token"], (r) => {
    const signInJwt = calls(r, SIGN_IN, "jwt").length;
    const signInSession = calls(r, SIGN_IN, "session").length;
    return {
      verdict: signInJwt > 0 && signInSession === 0 ? "wrong" : "confirmed",
      evidence: `on sign-in \`jwt\` ran ${signInJwt}× and \`session\` ${signInSession}×; on session reads each \`session\` follows a \`jwt\`. A tampered or expired cookie runs neither (tampered: ${times(calls(r, "tampered-token"), "jwt")}, ${times(calls(r, "tampered-token"), "session")}; expired: ${times(calls(r, "expired-token"), "jwt")}, ${times(calls(r, "expired-token"), "session")}): decryption fails first and the cookie is cleared`,
    };
  }),
  claim("An API route using `getToken()` runs `jwt` but not `session`", ["api-get-token"], (r) => {
    const app = calls(r, "api-get-token", undefined, "app");
    const mw = calls(r, "api-get-token", undefined, "middleware");
    return {
      verdict: app.length === 0 ? "wrong" : "depends",
      evidence: `\`getToken()\` runs no callback: it only decrypts (route: ${times(app, "jwt")}, ${times(app, "session")}). The ${times(mw, "jwt")} and ${times(mw, "session")} seen come from middleware, whose matcher covers the route`,
    };
  }),
  claim("Every `auth()` call: cookie → decode → `jwt` → `session` → session", [PAGE, "api-auth"], (r) => {
    const app = calls(r, "api-auth", undefined, "app").map((c) => c.callback);
    return {
      verdict: app.includes("jwt") && app.includes("session") ? "confirmed" : "wrong",
      evidence: `/api/me's \`auth()\` ran ${app.join(" → ")} and no \`redirect\` (that runs only where Auth.js's handler answers, as on /api/auth/session); the token is encoded afterwards, and the template's codec hands back the incoming one unless a claim changed or it is older than \`updateAge\``,
    };
  }),
];
