// Runs before `npm run dev`: zero-config development. When no AUTH_SECRET is set in the
// environment or in any .env file Next.js loads in development, writes a random one to
// .env.local (git-ignored) and says where. Never prints the secret itself.
import { randomBytes } from "node:crypto";
import { appendFileSync, existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";

const envFiles = [".env.development.local", ".env.local", ".env.development", ".env"];
const definesSecret = (file) => existsSync(file) && /^\s*(export\s+)?AUTH_SECRET\s*=\s*\S/m.test(readFileSync(file, "utf8"));

if (!process.env.AUTH_SECRET && !envFiles.some(definesSecret)) {
  const target = resolve(".env.local");
  const separator = existsSync(target) && !readFileSync(target, "utf8").endsWith("\n") ? "\n" : "";
  appendFileSync(target, `${separator}# Generated for local development by scripts/ensure-dev-secret.mjs\nAUTH_SECRET=${randomBytes(32).toString("base64")}\n`);
  console.log(`Generated a development AUTH_SECRET in ${target}`);
}
