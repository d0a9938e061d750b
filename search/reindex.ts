/**
 * `npm run search:reindex`: rebuilds every search index from the database.
 * On PGlite it refuses while the server holds the data directory (stop it, or
 * use DATABASE_URL); with PostgreSQL it runs at any time, beside live servers.
 */
import { loadConfig } from "../app/config.server";
import { vocabularySettings } from "../app/domain/search/vocabulary.server";
import { openForTask } from "../db/cli";
import { useDatabase } from "../db/client.server";
import { createSearchClient } from "./client.server";
import { startEmbeddedMeili, type EmbeddedMeili } from "./embedded.server";
import { reindexQuestions } from "./reindex.server";

const cfg = loadConfig();
const handle = await openForTask("npm run search:reindex");
useDatabase(handle);
let embedded: EmbeddedMeili | undefined;
try {
  if (!cfg.MEILI_HOST) embedded = await startEmbeddedMeili({ dataDir: cfg.dataDir });
  const client = createSearchClient(cfg.MEILI_HOST ?? embedded!.host, cfg.MEILI_HOST ? cfg.MEILI_MASTER_KEY : embedded!.apiKey);
  const started = Date.now();
  const count = await reindexQuestions(client, cfg.MEILI_INDEX_PREFIX, {
    extraSettings: await vocabularySettings(),
    onProgress: (n) => process.stdout.write(`\rindexed ${n} questions`),
  });
  console.log(`\nReindexed ${count} questions in ${((Date.now() - started) / 1000).toFixed(1)} s (built a new index, then swapped it in).`);
} finally {
  await embedded?.stop();
  await handle.close();
}
