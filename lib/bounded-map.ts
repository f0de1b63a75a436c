/**
 * Makes room for one more entry in a map bounded to `max` entries, so that a flood of distinct
 * keys (e-mails, refresh tokens, user ids) cannot grow an isolate's memory without end. When the
 * map is full it drops every entry `isExpired` says is, and when that freed nothing, the one
 * `victim` picks: by default the oldest inserted.
 */
export function makeRoom<K, V>(
  map: Map<K, V>,
  max: number,
  { isExpired, victim }: { isExpired?: (value: V) => boolean; victim?: (map: Map<K, V>) => K | undefined } = {},
): void {
  if (map.size < max) return;
  if (isExpired) for (const [key, value] of map) if (isExpired(value)) map.delete(key);
  if (map.size < max) return;
  const key = victim ? victim(map) : map.keys().next().value;
  if (key !== undefined) map.delete(key);
}
