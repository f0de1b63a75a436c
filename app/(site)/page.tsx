import Link from "next/link";

import { auth } from "@/auth";

export default async function HomePage() {
  const session = await auth();
  return (
    <>
      <h1>Edge Auth</h1>
      <p>
        Authentication that runs entirely at the edge: Auth.js v5 keeps the session in an encrypted cookie (a JWT), so
        no request needs a database to know who you are.
      </p>
      {session?.user ? (
        <p data-testid="auth-status">
          Signed in as <strong>{session.user.email ?? session.user.name}</strong> ({session.user.role}).{" "}
          <Link href="/dashboard">Go to your dashboard</Link>.
        </p>
      ) : (
        <p data-testid="auth-status">
          You are signed out. <Link href="/signin">Sign in</Link> to see the dashboard.
        </p>
      )}
    </>
  );
}
