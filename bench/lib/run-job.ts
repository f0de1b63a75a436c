import { measure, type MeasureResult } from "../codec/measure";
import type { EdgeMiddleware } from "../../lib/security-headers";
import { codecOf, configOf, featureOn, FeatureOff, type App } from "./app";
import { parseJob, type JobResult, type OffResult } from "./job";
import { createPageLoadParts, samplePageLoad, type PageLoadVariant } from "./page-load";
import { sampleSessionReads } from "./sample";
import { createSessionReader } from "./session-read";
import { buildVariant, type VariantBindings, type VariantName } from "./variants";

/** What each runtime's entry hands the jobs: the app (auth.config.ts), middleware.ts's middleware, and its bindings. */
export interface JobContext extends VariantBindings {
  app: App;
  middleware: EdgeMiddleware;
}

/** Runs one job of any subject; the same code in every runtime. */
export async function runJob(jobText: string, context: JobContext): Promise<JobResult | MeasureResult | OffResult> {
  const job = parseJob(jobText);
  try {
    switch (job.subject) {
      case "session-read": {
        // parseJob checked the name against the variant list.
        const reader = await createSessionReader(await buildVariant(job.variant as VariantName, context.app, context));
        return { variant: job.variant, ...(await sampleSessionReads(reader, job)) };
      }
      case "page-load": {
        const parts = await createPageLoadParts(job.variant as PageLoadVariant, context);
        return { variant: job.variant, ...(await samplePageLoad(parts, job)) };
      }
      case "codec":
        // The template's codec against stock's: fast-read's, as the app's config carries it.
        featureOn(context.app, "fast-read");
        return measure(job, codecOf(await configOf(context.app, "app")));
    }
  } catch (error) {
    if (error instanceof FeatureOff) return { ...("variant" in job && { variant: job.variant }), off: error.message };
    throw error;
  }
}
