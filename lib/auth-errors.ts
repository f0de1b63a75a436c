/**
 * The small public vocabulary for sign-in failures. Auth.js puts an error type in
 * `?error=` (or throws it from `signIn()`); users see one of these lines, and the detail
 * stays in the server log. Wording never says whether the email or the password was wrong.
 * @see https://authjs.dev/reference/core/errors
 */
const messages = new Map<string, string>(Object.entries({
  CredentialsSignin: "Wrong email or password.",
  AccessDenied: "This account is not allowed to sign in.",
  Configuration: "Sign-in is not configured correctly on this server. Please try again later.",
  MissingCSRF: "Your sign-in form expired. Please try again.",
  TooManyAttempts: "Too many sign-in attempts. Please wait and try again.",
}));

const fallback = "Sign-in failed. Please try again.";

/**
 * A CredentialsSignin thrown from `authorize` reaches the page as `?error=CredentialsSignin&code=`
 * its `code`: the sign-in limit's refusal (features/sign-in-limit) has its own line.
 */
const credentialsCodes = new Set(["TooManyAttempts"]);

export function describeSignInError(type: string, code?: string | null): string {
  if (type === "CredentialsSignin" && code && credentialsCodes.has(code)) return messages.get(code) ?? fallback;
  return messages.get(type) ?? fallback;
}
