"use server";

import { AuthError } from "next-auth";
import { headers } from "next/headers";

import { signIn, signOut } from "@/auth";
import { describeSignInError } from "@/lib/auth-errors";
import { getClientIp } from "@/lib/client-ip";
import { checkSignInAttempt, getRateLimitStore } from "@/lib/rate-limit";

export type SignInState = { status: "idle" } | { status: "failed"; message: string };

function readField(formData: FormData, name: string): string {
  const value = formData.get(name);
  return typeof value === "string" ? value : "";
}

/**
 * Credentials sign-in as a server action: Next checks the Origin of every action (its CSRF
 * defence), and `signIn()` redirects on success by throwing, which must not be caught here.
 */
export async function signInWithCredentials(_previous: SignInState, formData: FormData): Promise<SignInState> {
  const email = readField(formData, "email");
  // Same limits as the HTTP endpoint (lib/sign-in-limit.ts); a form gets a sentence, not a 429.
  const ip = getClientIp(new Request("http://action.invalid", { headers: await headers() }));
  const limit = await checkSignInAttempt(getRateLimitStore(), { email: email || undefined, ip });
  if (!limit.allowed) return { status: "failed", message: describeSignInError("TooManyAttempts") };
  try {
    await signIn("credentials", {
      email,
      password: readField(formData, "password"),
      redirectTo: readField(formData, "callbackUrl") || "/dashboard",
    });
  } catch (error) {
    if (error instanceof AuthError) {
      return { status: "failed", message: describeSignInError(error.type) };
    }
    throw error;
  }
  return { status: "idle" };
}

export async function signInWithProvider(formData: FormData): Promise<void> {
  await signIn(readField(formData, "provider"), {
    redirectTo: readField(formData, "callbackUrl") || "/dashboard",
  });
}

export async function signOutAndGoHome(): Promise<void> {
  await signOut({ redirectTo: "/" });
}
