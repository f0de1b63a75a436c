/** The worker next-on-pages generates, as its `--custom-entrypoint` sees it (the package ships no types for it). */
declare module "@cloudflare/next-on-pages/fetch-handler" {
  const handler: { fetch(request: Request, env: unknown, context: unknown): Promise<Response> };
  export default handler;
}
