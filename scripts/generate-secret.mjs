// Prints a random AUTH_SECRET: 32 bytes from the OS CSPRNG, base64 (what `openssl rand -base64 32` gives).
import { randomBytes } from "node:crypto";

console.log(randomBytes(32).toString("base64"));
