/**
 * How long a session lasts: Auth.js's defaults, spelled out once because the config, the codec,
 * the session read and the database variant all read them. A session lasts 30 days from its
 * last renewal, renewed at most once a day while it is used.
 */
export const SESSION_MAX_AGE_SECONDS = 30 * 24 * 60 * 60;
export const SESSION_UPDATE_AGE_SECONDS = 24 * 60 * 60;

/** Now, as JWT claims count time: whole seconds since the epoch. */
export function nowInSeconds(): number {
  return Math.floor(Date.now() / 1000);
}
