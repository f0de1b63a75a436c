import { CookieJar } from "./cookie-jar";

/** The curl flow a user would try against a running app: requests with a cookie jar, no redirects followed. */
export class HttpClient {
  readonly jar = new CookieJar();

  constructor(private readonly origin: string) {}

  async request(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    const cookie = this.jar.header();
    if (cookie) headers.set("cookie", cookie);
    const response = await fetch(new URL(path, this.origin), { ...init, headers, redirect: "manual" });
    this.jar.store(response);
    return response;
  }

  async csrfToken(): Promise<string> {
    const { csrfToken } = (await (await this.request("/api/auth/csrf")).json()) as { csrfToken: string };
    return csrfToken;
  }

  async signIn(email: string, password: string): Promise<Response> {
    return this.postForm("/api/auth/callback/credentials", { csrfToken: await this.csrfToken(), email, password, callbackUrl: "/dashboard" });
  }

  async signOut(): Promise<Response> {
    return this.postForm("/api/auth/signout", { csrfToken: await this.csrfToken() });
  }

  /** The session cookie as a `name=value` pair, for replaying it elsewhere. */
  sessionCookie(): string | undefined {
    const value = this.jar.get("authjs.session-token");
    return value === undefined ? undefined : `authjs.session-token=${value}`;
  }

  private postForm(path: string, fields: Record<string, string>): Promise<Response> {
    return this.request(path, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(fields),
    });
  }
}
