import type { Adapter } from "@auth/core/adapters";
import type { AuthConfig } from "@auth/core";
import { decode as defaultDecode, encode as defaultEncode } from "@auth/core/jwt";

/**
 * Times the parts of one session read by wrapping what Auth.js calls: the JWT codec, the
 * `jwt` and `session` callbacks, and the adapter's session methods. Each wrapper costs two
 * `performance.now()` calls (well under a microsecond), charged to the phase it wraps.
 */
export const PHASES = ["decode", "jwt", "session", "encode", "getSessionAndUser", "updateSession"] as const;
export type Phase = (typeof PHASES)[number];

export class PhaseClock {
  readonly spent = new Map<Phase, number>();

  reset(): void {
    this.spent.clear();
  }

  time<Args extends unknown[], Result>(phase: Phase, fn: (...args: Args) => PromiseLike<Result> | Result) {
    return async (...args: Args): Promise<Result> => {
      const start = performance.now();
      try {
        return await fn(...args);
      } finally {
        this.spent.set(phase, (this.spent.get(phase) ?? 0) + performance.now() - start);
      }
    };
  }

  /** The same config with every timed step wrapped; Auth.js defaults are wrapped where unset. */
  instrument(config: AuthConfig): AuthConfig {
    const { callbacks = {}, jwt = {}, adapter } = config;
    return {
      ...config,
      jwt: {
        ...jwt,
        encode: this.time("encode", jwt.encode ?? defaultEncode),
        decode: this.time("decode", jwt.decode ?? defaultDecode),
      },
      callbacks: {
        ...callbacks,
        ...(callbacks.jwt && { jwt: this.time("jwt", callbacks.jwt) }),
        ...(callbacks.session && { session: this.time("session", callbacks.session) }),
      },
      adapter: adapter && this.instrumentAdapter(adapter),
    };
  }

  private instrumentAdapter(adapter: Adapter): Adapter {
    const { getSessionAndUser, updateSession } = adapter;
    return {
      ...adapter,
      ...(getSessionAndUser && { getSessionAndUser: this.time("getSessionAndUser", getSessionAndUser) }),
      ...(updateSession && { updateSession: this.time("updateSession", updateSession) }),
    };
  }
}
