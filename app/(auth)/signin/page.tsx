import { redirect } from "next/navigation";

import { auth } from "@/auth";
import { authConfig } from "@/auth.config";
import { describeSignInError } from "@/lib/auth-errors";
import { safeRedirectPath } from "@/lib/safe-redirect";

import { CredentialsForm } from "./credentials-form";
import { ProviderButton } from "./provider-button";

interface SignInPageProps {
  searchParams: Promise<{ callbackUrl?: string | string[]; error?: string | string[]; code?: string | string[] }>;
}

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

export default async function SignInPage({ searchParams }: SignInPageProps) {
  const params = await searchParams;
  // Only a path on this site is carried on; the redirect callback checks again after sign-in.
  const callbackUrl = safeRedirectPath(first(params.callbackUrl), "/dashboard");
  const error = first(params.error);

  if ((await auth())?.user) redirect(callbackUrl);

  const providers = authConfig.providers.map((provider) => (typeof provider === "function" ? provider() : provider));
  const hasCredentials = providers.some((provider) => provider.type === "credentials");
  const oauthProviders = providers.filter((provider) => provider.type !== "credentials");

  return (
    <>
      <h1>Sign in</h1>
      {error && (
        <p role="alert" className="error">
          {describeSignInError(error, first(params.code))}
        </p>
      )}
      {hasCredentials && <CredentialsForm callbackUrl={callbackUrl} />}
      {oauthProviders.map((provider) => (
        <ProviderButton key={provider.id} id={provider.id} name={provider.name} callbackUrl={callbackUrl} />
      ))}
      {!hasCredentials && oauthProviders.length === 0 && (
        <p className="error">No sign-in method is configured. See the README&apos;s environment table.</p>
      )}
    </>
  );
}
