import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetConfigForTests } from "~/config.server";
import { checkDestination, DestinationRefused, isPublicAddress, postToDestination } from "~/domain/webhooks/destination.server";

let receiver: http.Server;
let port: number;
const received: string[] = [];

beforeAll(async () => {
  resetConfigForTests({ NODE_ENV: "test" });
  receiver = http.createServer((req, res) => {
    received.push(req.url ?? "");
    res.writeHead(200, { "content-type": "text/plain" });
    res.end("internal secret: the admin password is hunter2");
  });
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", () => r()));
  port = (receiver.address() as AddressInfo).port;
});

afterAll(() => new Promise<void>((r) => receiver.close(() => r())));

const internal = [
  "http://127.0.0.1/hook",
  "http://localhost/hook",
  "http://[::1]/hook",
  "http://0.0.0.0/hook",
  "http://2130706433/hook",
  "http://0x7f.0.0.1/hook",
  "http://017700000001/hook",
  "http://10.0.0.1/hook",
  "http://172.16.5.4/hook",
  "http://192.168.1.10/hook",
  "http://169.254.169.254/latest/meta-data",
  "http://100.64.0.1/hook",
  "http://224.0.0.1/hook",
  "http://[::ffff:127.0.0.1]/hook",
  "http://[fd00::1]/hook",
  "http://[fe80::1]/hook",
];

describe("webhook destinations", () => {
  it("refuses every loopback, private, link-local, multicast and unspecified form when an endpoint is saved", async () => {
    for (const url of internal) await expect(checkDestination(url), url).rejects.toBeInstanceOf(DestinationRefused);
  });

  it("accepts public addresses", async () => {
    expect(isPublicAddress("8.8.8.8")).toBe(true);
    expect(isPublicAddress("2001:4860:4860::8888")).toBe(true);
    await expect(checkDestination("https://93.184.216.34/hook")).resolves.toBeUndefined();
  });

  it("refuses at delivery a name that resolves to loopback, and reads nothing from it", async () => {
    await expect(postToDestination(`http://localhost:${port}/by-name`, {}, "{}", 2000)).rejects.toBeInstanceOf(DestinationRefused);
    await expect(postToDestination(`http://127.0.0.1:${port}/by-address`, {}, "{}", 2000)).rejects.toBeInstanceOf(DestinationRefused);
    await expect(postToDestination(`http://2130706433:${port}/decimal`, {}, "{}", 2000)).rejects.toBeInstanceOf(DestinationRefused);
    expect(received).toEqual([]);
  });

  it("lets an operator allow a listed internal host, and then reports only the status", async () => {
    resetConfigForTests({ NODE_ENV: "test", WEBHOOK_ALLOWED_HOSTS: `127.0.0.1:${port}` });
    try {
      await expect(checkDestination(`http://127.0.0.1:${port}/ok`)).resolves.toBeUndefined();
      const result = await postToDestination(`http://127.0.0.1:${port}/ok`, { "content-type": "application/json" }, "{}", 2000);
      expect(result).toEqual({ status: 200 });
      expect(received).toEqual(["/ok"]);
      // Another port on the same host is not on the list.
      await expect(checkDestination("http://127.0.0.1:1/other")).rejects.toBeInstanceOf(DestinationRefused);
    } finally {
      resetConfigForTests({ NODE_ENV: "test" });
    }
  });
});
