import { forbidden, redirect } from "next/navigation";

import { auth } from "@/auth";
import { sessionEnding } from "@/lib/end-sessions";
import { directoryUserIds } from "@/lib/users";

import { EndUserSessions } from "./end-user-sessions";

export default async function AdminPage() {
  const session = await auth();
  if (!session?.user) redirect("/signin?callbackUrl=/admin");
  if (session.user.role !== "admin") forbidden();

  return (
    <>
      <h1>Admin</h1>
      <p data-testid="admin-greeting">Welcome, {session.user.name}. Only the admin role sees this page.</p>
      <h2>End a user&apos;s sessions</h2>
      <EndUserSessions ending={sessionEnding()} knownUserIds={directoryUserIds()} />
    </>
  );
}
