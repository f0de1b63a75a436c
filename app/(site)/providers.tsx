"use client";

import type { Session } from "next-auth";
import { SessionProvider } from "next-auth/react";

/** Makes `useSession()` work in client components, seeded with the server's session so it needs no extra fetch. */
export function Providers({ session, children }: { session: Session | null; children: React.ReactNode }) {
  return <SessionProvider session={session}>{children}</SessionProvider>;
}
