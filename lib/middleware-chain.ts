import type { EdgeMiddleware } from "./security-headers";

export type MiddlewareStep = (middleware: EdgeMiddleware) => EdgeMiddleware;

/**
 * Wraps `inner` in each step, innermost first, so middleware.ts reads as one list of what runs
 * around Auth.js's answer. A step that configuration switches off is `false` and skipped.
 */
export function chainMiddleware(inner: EdgeMiddleware, steps: readonly (MiddlewareStep | false)[]): EdgeMiddleware {
  return steps.reduce<EdgeMiddleware>((wrapped, step) => (step ? step(wrapped) : wrapped), inner);
}
