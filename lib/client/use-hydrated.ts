import { useSyncExternalStore } from "react";

const noSubscription = () => () => {};

/**
 * False in the server's HTML and until React has hydrated it, true after. Controls that act
 * through JavaScript stay disabled until then: clicked earlier, a `type="button"` does nothing
 * and a form without `action` is submitted natively as a GET, fields (a password too) in the URL.
 * @see https://react.dev/reference/react/useSyncExternalStore#adding-support-for-server-rendering
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
}
