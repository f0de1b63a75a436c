import type { NextAuthConfig } from "next-auth";

import { measure, type MeasureResult } from "../codec/measure";
import { parseAuthEnv, readProcessEnv } from "../../lib/env";
import type { EdgeMiddleware } from "../../lib/security-headers";
import { withTokenRefresh } from "../../features/token-refresh";
import { parseJob, type JobResult } from "./job";
import { createPageLoadParts, samplePageLoad, type PageLoadVariant } from "./page-load";
import { sampleSessionReads } from "./sample";
import { createSessionReader } from "./session-read";
import { buildVariant, type VariantBindings, type VariantName } from "./variants";

/** What each runtime's entry hands the jobs: the template's config and middleware, and its bindings. */
export interface JobContext extends VariantBindings {
  authConfig: NextAuthConfig;
  middleware: EdgeMiddleware;
}

/** Runs one job of any subject; the same code in every runtime. */
export async function runJob(jobText: string, context: JobContext): Promise<JobResult | MeasureResult> {
  const job = parseJob(jobText);
  switch (job.subject) {
    case "session-read": {
      // parseJob checked the name against the variant list.
      const reader = await createSessionReader(buildVariant(job.variant as VariantName, context.authConfig, context));
      return { variant: job.variant, ...(await sampleSessionReads(reader, job)) };
    }
    case "page-load": {
      // middleware.ts's config: the app's, with the provider-token refresh step.
      const middlewareConfig = withTokenRefresh(context.authConfig, "middleware", parseAuthEnv(readProcessEnv()));
      const parts = await createPageLoadParts(job.variant as PageLoadVariant, { ...context, middlewareConfig });
      return { variant: job.variant, ...(await samplePageLoad(parts, job)) };
    }
    case "codec":
      return measure(job);
  }
}
