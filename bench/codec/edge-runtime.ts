/**
 * The codec bench in a fresh Node process inside edge-runtime, the sandbox Next.js
 * runs edge routes and middleware in: `node --import tsx bench/codec/edge-runtime.ts <bundle.js> '<options json>'`.
 */
import { EdgeRuntime } from "edge-runtime";
import { readFileSync } from "node:fs";

const [bundlePath, options] = process.argv.slice(2);
if (!bundlePath || !options) throw new Error("usage: edge-runtime.ts <bundle.js> '<options json>'");

const runtime = new EdgeRuntime({ extend: (context) => Object.assign(context, { __OPTIONS: options }) });
runtime.evaluate(readFileSync(bundlePath, "utf8"));
const result: unknown = await runtime.evaluate("__codecBench.measure(JSON.parse(__OPTIONS))");
process.stdout.write(JSON.stringify(result));
