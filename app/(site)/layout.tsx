import Link from "next/link";

import { auth } from "@/auth";

import { Providers } from "./providers";
import { SignOutButton } from "./sign-out-button";

export default async function SiteLayout({ children }: { children: React.ReactNode }) {
  const session = await auth();
  return (
    <Providers session={session}>
      <header>
        <nav>
          <Link href="/">Home</Link>
          <Link href="/dashboard">Dashboard</Link>
          <Link href="/admin">Admin</Link>
        </nav>
        {session?.user ? <SignOutButton /> : <Link href="/signin">Sign in</Link>}
      </header>
      <main>{children}</main>
    </Providers>
  );
}
