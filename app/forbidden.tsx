import Link from "next/link";

export default function Forbidden() {
  return (
    <main>
      <h1>403 — Forbidden</h1>
      <p>You are signed in, but your account does not have access to this page.</p>
      <Link href="/">Back home</Link>
    </main>
  );
}
