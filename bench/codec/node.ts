/**
 * The codec bench in a fresh Node process:
 * `node --import tsx bench/codec/node.ts '<options json>'`; prints the MeasureResult as JSON.
 */
import { measure } from "./measure";

process.stdout.write(JSON.stringify(await measure(JSON.parse(process.argv[2] ?? "{}"))));
