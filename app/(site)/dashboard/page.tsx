import Link from "next/link";
import { redirect } from "next/navigation";

import { auth } from "@/auth";
import { sessionEnding } from "@/lib/end-sessions";

import { DisplayNameForm } from "./display-name-form";
import { SignOutEverywhere } from "./sign-out-everywhere";

export default async function DashboardPage() {
  // Middleware already sent signed-out visitors to /signin; this check keeps the page safe
  // if the matcher ever stops covering it.
  const session = await auth();
  if (!session?.user) redirect("/signin?callbackUrl=/dashboard");

  const { user } = session;
  // What features/token-refresh adds to the session when it is on; absent when it is off.
  const text = (field: string): string | undefined => {
    const value: unknown = Reflect.get(session, field);
    return typeof value === "string" ? value : undefined;
  };
  const accessTokenExpires = text("accessTokenExpires");
  return (
    <>
      <h1>Dashboard</h1>
      <dl>
        <dt>Name</dt>
        <dd data-testid="user-name">{user.name}</dd>
        <dt>Email</dt>
        <dd data-testid="user-email">{user.email}</dd>
        <dt>Role</dt>
        <dd data-testid="user-role">{user.role}</dd>
        <dt>Session expires</dt>
        <dd>{session.expires}</dd>
      </dl>
      {text("error") ? (
        <p role="alert" data-testid="session-error">
          Your provider no longer accepts this session: <Link href="/signin?callbackUrl=/dashboard">sign in again</Link>.
        </p>
      ) : (
        accessTokenExpires && (
          <>
            <h2>Provider access token</h2>
            <p className="muted">
              Kept in the encrypted session, refreshed at the edge before it expires;{" "}
              <Link href="/api/userinfo" prefetch={false}>/api/userinfo</Link> uses it.
            </p>
            <dl>
              <dt>Last refreshed</dt>
              <dd data-testid="access-token-refreshed">{text("accessTokenRefreshedAt") ?? "not yet (issued at sign-in)"}</dd>
              <dt>Expires</dt>
              <dd data-testid="access-token-expires">{accessTokenExpires}</dd>
            </dl>
          </>
        )
      )}
      <h2>Display name</h2>
      <DisplayNameForm />
      <h2>Sessions</h2>
      <SignOutEverywhere ending={sessionEnding()} />
    </>
  );
}
