/**
 * What a client may change with `update()` from `useSession()`. The data arrives from the
 * browser unverified, so only allow-listed fields pass, and never `role` or `id`.
 */
export interface SessionUpdate {
  name?: string;
}

const MAX_NAME_LENGTH = 64;

export function parseSessionUpdate(data: unknown): SessionUpdate {
  if (typeof data !== "object" || data === null) return {};
  const name = "name" in data ? data.name : undefined;
  if (typeof name !== "string") return {};
  const trimmed = name.trim();
  if (!trimmed || trimmed.length > MAX_NAME_LENGTH || /[\u0000-\u001f\u007f]/.test(trimmed)) return {};
  return { name: trimmed };
}
