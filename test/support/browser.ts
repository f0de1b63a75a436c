import { existsSync } from "node:fs";

import { chromium, type Browser, type Page, type Request } from "playwright-core";

/**
 * Debian's Chromium driven by playwright-core: never a downloaded browser. Playwright gives
 * each launch a fresh temporary profile; the flags keep Chromium off the network (this
 * machine has none), or it retries blocked connections at every start.
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`No Chromium at ${CHROMIUM_PATH}: install Debian's (sudo apt-get install chromium) or set CHROMIUM_PATH.`);
  }
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

/**
 * What a browser fires when the user comes back to a tab. Headless Chromium never hides a tab
 * (a second tab, a minimised window and CDP focus emulation all left `visibilityState`
 * "visible" here), so the event is dispatched in the page, where the state reads "visible"
 * just as after a real return.
 */
export async function showTabAgain(page: Page): Promise<void> {
  await page.evaluate(() => document.dispatchEvent(new Event("visibilitychange")));
}

const QUIET_MS = 500;
const REQUESTS_TIMEOUT_MS = 20_000;

/**
 * Runs `action` and waits for the requests it sets off: until at least one was made, none is
 * in flight and none has started for 500 ms (Playwright's `networkidle` rule, which it only
 * applies to navigations). Returns the paths the page requested meanwhile.
 */
export async function requestsAfter(page: Page, action: () => Promise<unknown>): Promise<string[]> {
  const paths: string[] = [];
  let inFlight = 0;
  let lastChange = Date.now();
  const started = (request: Request) => {
    inFlight += 1;
    paths.push(new URL(request.url()).pathname);
    lastChange = Date.now();
  };
  const ended = () => {
    inFlight -= 1;
    lastChange = Date.now();
  };
  page.on("request", started);
  page.on("requestfinished", ended);
  page.on("requestfailed", ended);
  try {
    await action();
    const deadline = Date.now() + REQUESTS_TIMEOUT_MS;
    while (paths.length === 0 || inFlight > 0 || Date.now() - lastChange < QUIET_MS) {
      if (Date.now() > deadline) throw new Error(`the page's requests did not settle within ${REQUESTS_TIMEOUT_MS} ms (seen: ${paths.join(", ") || "none"})`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return paths;
  } finally {
    page.off("request", started);
    page.off("requestfinished", ended);
    page.off("requestfailed", ended);
  }
}
