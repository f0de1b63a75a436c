"use client";

import { useSession } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState } from "react";

import { useHydrated } from "@/lib/client/use-hydrated";

/**
 * `update()` posts to /api/auth/session; the `jwt` callback runs with `trigger: "update"`
 * and keeps only the allow-listed `name`, then a fresh cookie is set.
 */
export function DisplayNameForm() {
  const { data: session, update } = useSession();
  const router = useRouter();
  const [name, setName] = useState("");
  const hydrated = useHydrated();

  async function save(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    await update({ name });
    setName("");
    router.refresh();
  }

  return (
    <form onSubmit={save}>
      <p className="muted" data-testid="client-session-name">
        Client session sees: {session?.user?.name ?? "…"}
      </p>
      <fieldset disabled={!hydrated}>
        <label>
          New display name
          <input name="name" value={name} onChange={(event) => setName(event.target.value)} maxLength={64} required />
        </label>
        <button type="submit">Save</button>
      </fieldset>
    </form>
  );
}
