/**
 * The browser's side of "sign out everywhere": `DELETE /api/sessions` (for `userId`, an
 * admin's request). Resolves to undefined on success, else the message to show.
 */
export async function requestEndSessions(userId?: string): Promise<string | undefined> {
  const query = userId === undefined ? "" : `?userId=${encodeURIComponent(userId)}`;
  const response = await fetch(`/api/sessions${query}`, { method: "DELETE" });
  if (response.ok) return undefined;
  const body = (await response.json().catch(() => ({}))) as { message?: string; error?: string };
  return body.message ?? body.error ?? `Failed (${response.status}).`;
}
