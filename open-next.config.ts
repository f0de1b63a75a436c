import { defineCloudflareConfig } from "@opennextjs/cloudflare";

/**
 * OpenNext's build for Cloudflare (`npm run build:opennext`). No incremental cache: every page
 * of this template reads the session, so nothing is prerendered for later requests (Next's
 * data cache would need a KV or R2 binding; none is worth its cost here).
 * @see https://opennext.js.org/cloudflare/caching
 */
export default defineCloudflareConfig({});
