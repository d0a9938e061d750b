import type { RequestAuth } from "~/auth/authenticate.server";

declare module "@remix-run/node" {
  interface AppLoadContext {
    auth: RequestAuth;
    requestId: string;
    ip: string;
    /** The request reached us over HTTPS (directly or through a trusted proxy). */
    secure: boolean;
    /** This response's Content-Security-Policy script nonce: Remix's inline scripts carry it. */
    cspNonce: string;
    /** The connection itself comes from this machine (its peer address, never a forwarded header): first-run setup trusts it. */
    fromMachine: boolean;
  }
}

export {};
