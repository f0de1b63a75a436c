/**
 * The session-token bench in a fresh Node process:
 * `node --import tsx bench/codec/node.ts '<options json>'`; prints the MeasureResult as JSON.
 */
import { CODEC_BENCH_ENV } from "./env";

Object.assign(process.env, CODEC_BENCH_ENV);
const { measure } = await import("./measure");
process.stdout.write(JSON.stringify(await measure(JSON.parse(process.argv[2] ?? "{}"))));
