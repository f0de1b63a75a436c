"use client";

import { signIn } from "next-auth/react";

import { useHydrated } from "@/lib/client/use-hydrated";

/** Starts the OAuth/OIDC redirect through Auth.js's sign-in endpoint (PKCE, state and nonce set there). */
export function ProviderButton({ id, name, callbackUrl }: { id: string; name: string; callbackUrl: string }) {
  const hydrated = useHydrated();
  return (
    <button type="button" className="secondary" disabled={!hydrated} onClick={() => signIn(id, { redirectTo: callbackUrl })}>
      Sign in with {name}
    </button>
  );
}
