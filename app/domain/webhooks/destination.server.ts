/**
 * Where a webhook may be sent. Receivers are other companies' systems on the
 * public internet; a URL that points back inside (loopback, private ranges,
 * link-local such as cloud metadata at 169.254.169.254, multicast, the
 * unspecified address) would let whoever registers an endpoint make the forum
 * call its own network (SSRF). Only global unicast addresses pass, checked
 * when the endpoint is saved and again at every delivery after DNS: the
 * connection is made to the very address that was checked (the lookup is
 * ours), so a DNS answer that changes in between cannot slip through.
 * `WEBHOOK_ALLOWED_HOSTS` names internal hosts an operator trusts.
 */
import dns from "node:dns";
import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import ipaddr from "ipaddr.js";
import { config } from "~/config.server";

export class DestinationRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DestinationRefused";
  }
}

/** Global unicast only: every other range ipaddr.js knows is somewhere a webhook must not go. */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  let ip = ipaddr.parse(address);
  if (ip.kind() === "ipv6" && (ip as ipaddr.IPv6).isIPv4MappedAddress()) ip = (ip as ipaddr.IPv6).toIPv4Address();
  return ip.range() === "unicast";
}

function allowedByOperator(url: URL): boolean {
  const allowed = config().WEBHOOK_ALLOWED_HOSTS;
  const host = url.hostname.toLowerCase().replace(/^\[|\]$/g, "");
  const port = url.port || (url.protocol === "https:" ? "443" : "80");
  return allowed.includes(host) || allowed.includes(`${host}:${port}`);
}

/** The URL's host as an address, when it is written as one (the URL parser has already turned 2130706433 into 127.0.0.1). */
function literalAddress(url: URL): string | null {
  const host = url.hostname.replace(/^\[|\]$/g, "");
  return ipaddr.isValid(host) ? host : null;
}

const LOOKUP_TIMEOUT_MS = 3000;

const refusal = (what: string) => new DestinationRefused(`${what} is a private, loopback or otherwise internal address: webhooks go only to public hosts.`);

/** For saving an endpoint: a literal address must be public, and a name must resolve only to public ones. */
export async function checkDestination(raw: string): Promise<void> {
  const url = new URL(raw);
  if (allowedByOperator(url)) return;
  const literal = literalAddress(url);
  if (literal) {
    if (!isPublicAddress(literal)) throw refusal(url.hostname);
    return;
  }
  let addresses: dns.LookupAddress[];
  try {
    addresses = await Promise.race([
      dns.promises.lookup(url.hostname, { all: true, verbatim: true }),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error("DNS timed out")), LOOKUP_TIMEOUT_MS).unref()),
    ]);
  } catch {
    // A name that does not resolve (yet) is checked again at every delivery.
    return;
  }
  const inside = addresses.find((a) => !isPublicAddress(a.address));
  if (inside) throw refusal(`${url.hostname} (${inside.address})`);
}

/** A DNS lookup that answers only with public addresses: the socket connects to what it returns. */
const publicLookup: LookupFunction = (hostname, options, callback) => {
  dns.lookup(hostname, { ...options, all: true, verbatim: true }, (err, addresses) => {
    if (err) return callback(err, "", 0);
    const list = addresses as dns.LookupAddress[];
    const inside = list.find((a) => !isPublicAddress(a.address));
    if (inside) return callback(refusal(`${hostname} (${inside.address})`), "", 0);
    if (options.all) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, list);
    callback(null, list[0].address, list[0].family);
  });
};

export interface PostResult {
  status: number;
}

/**
 * POSTs a body to a webhook receiver and resolves with the status only: the
 * response body is never read, so nothing an internal service says can end
 * up in the delivery log. Redirects are answers, never followed.
 */
export function postToDestination(raw: string, headers: Record<string, string>, body: string, timeoutMs: number): Promise<PostResult> {
  return new Promise((resolve, reject) => {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      return reject(new DestinationRefused("The endpoint URL is not valid."));
    }
    const trusted = allowedByOperator(url);
    const literal = literalAddress(url);
    if (!trusted && literal && !isPublicAddress(literal)) return reject(refusal(url.hostname));
    const client = url.protocol === "https:" ? https : http;
    const req = client.request(
      url,
      {
        method: "POST",
        headers: { ...headers, "content-length": String(Buffer.byteLength(body)) },
        lookup: trusted ? undefined : publicLookup,
        timeout: timeoutMs,
        // One connection per delivery: a pooled socket would skip the lookup, and with it the check.
        agent: false,
      },
      (res) => {
        res.resume();
        resolve({ status: res.statusCode ?? 0 });
      },
    );
    req.on("timeout", () => req.destroy(Object.assign(new Error(`Timed out after ${timeoutMs / 1000} s.`), { name: "TimeoutError" })));
    req.on("error", reject);
    req.end(body);
  });
}
