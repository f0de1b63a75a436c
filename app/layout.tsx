import type { Metadata } from "next";

import "./globals.css";

export const metadata: Metadata = {
  title: "Edge Auth",
  description: "Next.js + Auth.js JWT sessions at the edge",
};

/**
 * Static on purpose: a root layout that read the session would make every route dynamic, the
 * built-in 404 included, and Cloudflare's build refuses a dynamic 404. The session-aware
 * chrome lives in `(site)/layout.tsx`.
 */
export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
