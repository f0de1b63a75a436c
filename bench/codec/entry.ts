/**
 * The codec bench as one Web-API-only bundle: edge-runtime evaluates it as a script
 * (`__codecBench.measure`), workerd loads it as a Worker that measures on each POST.
 */
import { measure, type MeasureOptions } from "./measure";

export { measure };

const worker = {
  async fetch(request: Request): Promise<Response> {
    try {
      return Response.json(await measure((await request.json()) as MeasureOptions));
    } catch (error) {
      return Response.json({ error: String(error instanceof Error ? error.stack : error) }, { status: 500 });
    }
  },
};

export default worker;
