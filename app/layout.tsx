import type { Metadata } from "next";
import Link from "next/link";

import { auth } from "@/auth";

import "./globals.css";
import { Providers } from "./providers";
import { SignOutButton } from "./sign-out-button";

export const metadata: Metadata = {
  title: "Edge Auth",
  description: "Next.js + Auth.js JWT sessions at the edge",
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const session = await auth();
  return (
    <html lang="en">
      <body>
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
      </body>
    </html>
  );
}
