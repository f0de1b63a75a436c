"use server";

import { AuthError } from "next-auth";

import { signIn, signOut } from "@/auth";
import { describeSignInError } from "@/lib/auth-errors";

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
  try {
    await signIn("credentials", {
      email: readField(formData, "email"),
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
