"use client";

import { signOut } from "next-auth/react";

/** Posts to Auth.js's sign-out endpoint with the CSRF token, which clears the session cookie. */
export function SignOutButton() {
  return (
    <button type="button" className="secondary" onClick={() => signOut({ redirectTo: "/" })}>
      Sign out
    </button>
  );
}
