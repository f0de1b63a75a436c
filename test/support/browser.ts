import { chromium, type Browser } from "playwright-core";

/**
 * Debian's Chromium driven by playwright-core: never a downloaded browser. Playwright gives
 * each launch a fresh temporary profile; the flags keep Chromium off the network (this
 * machine has none), or it retries blocked connections at every start.
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}
