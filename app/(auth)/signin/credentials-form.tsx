"use client";

import { signIn } from "next-auth/react";
import { useState } from "react";

import { describeSignInError } from "@/lib/auth-errors";
import { useHydrated } from "@/lib/client/use-hydrated";

/**
 * Posts to Auth.js's own credentials endpoint through `signIn()` from next-auth/react (CSRF
 * token included), not through a server action: next-on-pages cannot run server actions on
 * Next 15.5 ("Invariant: Missing initURL"), and this form must work on both targets.
 */
export function CredentialsForm({ callbackUrl }: { callbackUrl: string }) {
  const [error, setError] = useState<string>();
  const [pending, setPending] = useState(false);
  const hydrated = useHydrated();

  async function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setPending(true);
    setError(undefined);
    const form = new FormData(event.currentTarget);
    const result = await signIn("credentials", {
      email: form.get("email"),
      password: form.get("password"),
      redirectTo: callbackUrl,
      redirect: false,
    });
    if (result?.url) {
      window.location.assign(result.url);
      return;
    }
    // A limited attempt answers 429 with `?error=TooManyAttempts` in its url; `code` covers a
    // refusal Auth.js reported itself (`error=CredentialsSignin&code=TooManyAttempts`).
    setError(describeSignInError(result?.error ?? "CredentialsSignin", result?.code));
    setPending(false);
  }

  return (
    <form onSubmit={submit}>
      <fieldset disabled={!hydrated}>
        <label>
          Email
          <input name="email" type="email" autoComplete="username" required />
        </label>
        <label>
          Password
          <input name="password" type="password" autoComplete="current-password" required />
        </label>
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <button type="submit" disabled={pending}>
          {pending ? "Signing in…" : "Sign in"}
        </button>
      </fieldset>
    </form>
  );
}
