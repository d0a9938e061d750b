import { once } from "node:events";
import http from "node:http";
import type { AddressInfo } from "node:net";
import Provider, { type Grant } from "oidc-provider";

/** A person at the test provider: what its ID token and UserInfo say about them. */
export interface ProviderAccount {
  email?: string;
  email_verified?: boolean;
  name?: string;
  preferred_username?: string;
  groups?: string[];
}

function escapeHtml(text: string) {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function loginPage(uid: string, problem?: string) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Nimbus ID</title></head><body><main>
<h1>Nimbus ID</h1>${problem ? `<p role="alert">${escapeHtml(problem)}</p>` : ""}
<form method="post" action="/interaction/${escapeHtml(uid)}">
<label>Username <input name="login" autocomplete="username" autofocus></label>
<button type="submit">Continue</button>
</form></main></body></html>`;
}

async function formBody(req: http.IncomingMessage) {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
}

/**
 * A real OpenID Connect provider (oidc-provider) on 127.0.0.1 for tests: one
 * confidential client, the accounts given (signing in takes only the
 * username), and consent granted as asked, as a company's provider does for
 * its own apps. Its login page is a plain form, so fetch and Chromium both
 * drive it.
 */
export async function startOidcProvider(options: {
  port: number;
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
  accounts: Record<string, ProviderAccount>;
}) {
  const issuer = `http://127.0.0.1:${options.port}`;
  const provider: Provider = new Provider(issuer, {
    clients: [
      {
        client_id: options.clientId,
        client_secret: options.clientSecret,
        redirect_uris: options.redirectUris,
        grant_types: ["authorization_code"],
        response_types: ["code"],
      },
    ],
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name", "preferred_username"], groups: ["groups"] },
    scopes: ["openid", "email", "profile", "groups"],
    cookies: { keys: ["oidc-test-cookie-key"] },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    async findAccount(_ctx, id) {
      const account = options.accounts[id];
      if (!account) return undefined;
      return { accountId: id, claims: async () => ({ sub: id, ...account }) };
    },
    async loadExistingGrant(ctx): Promise<Grant | undefined> {
      const { client, session, params, result } = ctx.oidc;
      if (!client || !session?.accountId) return undefined;
      const grantId = result?.consent?.grantId ?? session.grantIdFor(client.clientId);
      if (grantId) return provider.Grant.find(grantId);
      const grant = new provider.Grant({ accountId: session.accountId, clientId: client.clientId });
      grant.addOIDCScope(typeof params?.scope === "string" ? params.scope : "openid");
      await grant.save();
      return grant;
    },
  });
  const handle = provider.callback();
  const server = http.createServer((req, res) => {
    const match = /^\/interaction\/([\w-]+)$/.exec(new URL(req.url ?? "/", issuer).pathname);
    if (!match) return handle(req, res);
    void (async () => {
      try {
        const details = await provider.interactionDetails(req, res);
        if (req.method === "POST") {
          const login = (await formBody(req)).get("login") ?? "";
          if (options.accounts[login])
            return provider.interactionFinished(req, res, { login: { accountId: login } }, { mergeWithLastSubmission: false });
          res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" }).end(loginPage(details.uid, "No such account."));
          return;
        }
        res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" }).end(loginPage(details.uid));
      } catch (err) {
        res.writeHead(400, { "Content-Type": "text/plain" }).end(String(err));
      }
    })();
  });
  server.listen(options.port, "127.0.0.1");
  await once(server, "listening");
  return {
    issuer,
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
