"use client";

import { signOut } from "next-auth/react";

import { useHydrated } from "@/lib/client/use-hydrated";

/** Posts to Auth.js's sign-out endpoint with the CSRF token, which clears the session cookie. */
export function SignOutButton() {
  const hydrated = useHydrated();
  return (
    <button type="button" className="secondary" disabled={!hydrated} onClick={() => signOut({ redirectTo: "/" })}>
      Sign out
    </button>
  );
}
