/**
 * Prints the stored form of a password (`pbkdf2-sha256$100000$salt$hash`, what lib/password.ts
 * verifies), for the `passwordHash` of a user in lib/users.ts:
 *
 *   printf %s 'the password' | npm run -s hash-password
 *   npm run -s hash-password -- 'the password'    (lands in your shell history)
 *
 * One trailing newline on stdin is dropped, so `echo` works too.
 */
import { text } from "node:stream/consumers";

import { hashPassword } from "../lib/password";

const [argument, ...extra] = process.argv.slice(2);
if (extra.length > 0 || (argument === undefined && process.stdin.isTTY)) {
  console.error("Usage: printf %s 'password' | npm run -s hash-password   (or: npm run -s hash-password -- 'password')");
  process.exit(1);
}
const password = argument ?? (await text(process.stdin)).replace(/\r?\n$/, "");
if (password.length === 0) {
  console.error("The password is empty.");
  process.exit(1);
}
console.log(await hashPassword(password));
