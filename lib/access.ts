import { NextResponse } from "next/server";

import type { Role } from "./roles";

/**
 * Route rules, as plain data and one pure function, so they are tested without a server.
 * Middleware (the `authorized` callback) applies them at the edge; pages and API routes check
 * again with `auth()`, so a middleware `matcher` slip does not open a route.
 */
interface Rule {
  /** Matches the path itself and everything below it, segment-wise: `/admin` and `/admin/x`, not `/administrator`. */
  prefix: string;
  role?: Role;
  /** APIs answer 401/403 JSON; a redirect to an HTML sign-in page would break their clients. */
  api?: boolean;
}

export const rules: readonly Rule[] = [
  { prefix: "/dashboard" },
  { prefix: "/admin", role: "admin" },
  { prefix: "/api/me", api: true },
  { prefix: "/api/sessions", api: true },
];

export type AccessDecision =
  | "allow"
  /** Signed out on a page: send to the sign-in page with a callbackUrl. */
  | "sign-in"
  /** Signed out on an API: 401 JSON. */
  | "unauthorized"
  /** Signed in without the role: 403, never a redirect (which would loop back to sign-in). */
  | "forbidden";

export interface AccessUser {
  role?: Role;
}

export function decideAccess(pathname: string, user: AccessUser | null | undefined): AccessDecision {
  const rule = findRule(pathname);
  if (!rule) return "allow";
  if (!user) return rule.api ? "unauthorized" : "sign-in";
  if (rule.role && user.role !== rule.role) return "forbidden";
  return "allow";
}

/**
 * The `authorized` callback's answer for a request to `url`: true lets it through; false makes
 * Auth.js redirect to pages.signIn with ?callbackUrl= the requested page; APIs get 401/403 JSON;
 * a page the role does not allow is rewritten to /forbidden with a 403.
 */
export function authorizedAnswer(url: URL, user: AccessUser | null | undefined): boolean | Response {
  switch (decideAccess(url.pathname, user)) {
    case "allow":
      return true;
    case "sign-in":
      return false;
    case "unauthorized":
      return Response.json({ error: "unauthorized" }, { status: 401 });
    case "forbidden":
      return isApiPath(url.pathname)
        ? Response.json({ error: "forbidden" }, { status: 403 })
        : NextResponse.rewrite(new URL("/forbidden", url), { status: 403 });
  }
}

export function isApiPath(pathname: string): boolean {
  return findRule(pathname)?.api ?? pathname.startsWith("/api/");
}

function findRule(pathname: string): Rule | undefined {
  const path = normalizePath(pathname);
  return rules.find(({ prefix }) => path === prefix || path.startsWith(`${prefix}/`));
}

/**
 * Matches what the router will serve, not what the URL spells: `/%64ashboard` and
 * `//dashboard/` reach the dashboard too. An undecodable path matches nothing here and
 * 404s in the router.
 */
function normalizePath(pathname: string): string {
  let path = pathname;
  try {
    path = decodeURIComponent(pathname);
  } catch {
    return pathname;
  }
  return path.replace(/\/+/g, "/").replace(/(.)\/$/, "$1");
}
