import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, inject, it } from "vitest";
import { applyIndexSettings, createSearchClient } from "#search/client.server";
import { startEmbeddedMeili } from "#search/embedded.server";
import { questionsIndex } from "#search/indexes/questions.server";

describe("index settings", () => {
  it("are applied at start, and applying them again changes nothing", async () => {
    const { meiliHost, meiliKey } = inject("env");
    const client = createSearchClient(meiliHost, meiliKey);
    const prefix = `it_${Date.now().toString(36)}_`;
    await applyIndexSettings(client, prefix);
    const first = await client.index(prefix + questionsIndex.uid).getSettings();
    await applyIndexSettings(client, prefix);
    const second = await client.index(prefix + questionsIndex.uid).getSettings();
    expect(second).toEqual(first);
    expect(first.filterableAttributes).toEqual(expect.arrayContaining(["category", "tags", "solved"]));
    expect(first.searchableAttributes?.[0]).toBe("title");
    await client.deleteIndex(prefix + questionsIndex.uid).waitTask();
  });
});

describe("the bundled Meilisearch", () => {
  it("starts from the optional dependency with a generated key kept beside its data, and stops", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "meili-launch-"));
    try {
      const meili = await startEmbeddedMeili({ dataDir: dir });
      const key = fs.readFileSync(path.join(dir, "meili", "master.key"), "utf8");
      expect(key).toBe(meili.apiKey);
      expect(fs.statSync(path.join(dir, "bin", "meilisearch")).mode & 0o111).not.toBe(0);
      const client = createSearchClient(meili.host, meili.apiKey);
      expect(await client.isHealthy()).toBe(true);
      // Without the key nothing is readable.
      const anonymous = await fetch(`${meili.host}/indexes`);
      expect(anonymous.status).toBe(401);
      await meili.stop();
      await expect(fetch(`${meili.host}/health`)).rejects.toThrow();

      // A second start reuses the same key and data.
      const again = await startEmbeddedMeili({ dataDir: dir });
      expect(again.apiKey).toBe(key);
      // A crash is reported (so the app can restart it); a requested stop is not.
      const crashed = new Promise<number | null>((resolve) => again.onUnexpectedExit(resolve));
      process.kill(again.pid!, "SIGKILL");
      expect(await crashed).toBeNull();
      const third = await startEmbeddedMeili({ dataDir: dir, port: again.port });
      expect(third.host).toBe(again.host);
      let reported = false;
      third.onUnexpectedExit(() => (reported = true));
      await third.stop();
      expect(reported).toBe(false);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
