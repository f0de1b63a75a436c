import Link from "next/link";

export default function NotFound() {
  return (
    <main>
      <h1>404 — Not found</h1>
      <p>There is no page at this address.</p>
      <Link href="/">Back home</Link>
    </main>
  );
}
