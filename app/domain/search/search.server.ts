import { and, eq, isNotNull, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import { db } from "#db/client.server";
import { categories, questions } from "#db/schema";
import { indexUid, searchHandle } from "#search/client.server";
import { foldQuery } from "#search/stems";
import type { QuestionDocument } from "#search/indexes/questions.server";
import { categoryVisibilities, visibleCategoryKinds, type Actor } from "~/auth/policies";
import { listCategories } from "~/domain/categories/categories.server";
import { visibleCategoriesOnly } from "~/domain/questions/queries.server";
import { parseInput } from "~/domain/validate";
import { log } from "~/log.server";
import { filterValue } from "./filter-values";

/** Meilisearch reads a query's first 10 words; past them, and past 200 characters, a query is cut, never refused. */
export const QUERY_WORDS = 10;
export const QUERY_CHARS = 200;
export function queryAsRead(q: string) {
  const words = q.trim().split(/\s+/).filter(Boolean).slice(0, QUERY_WORDS).join(" ");
  return words.length <= QUERY_CHARS ? words : words.slice(0, QUERY_CHARS).replace(/\s+\S*$/, "") || words.slice(0, QUERY_CHARS);
}

export const searchSchema = z.object({
  q: z.string().transform(queryAsRead).default(""),
  category: z.string().trim().max(60).optional().transform((v) => v || undefined),
  tag: z.string().trim().max(30).optional().transform((v) => v || undefined),
  solved: z
    .enum(["true", "false", ""], { errorMap: () => ({ message: "solved is true or false." }) })
    .optional()
    .transform((v) => (v === "true" ? true : v === "false" ? false : undefined)),
  sort: z.enum(["relevance", "newest", "votes"], { errorMap: () => ({ message: "sort is relevance, newest or votes." }) }).default("relevance"),
  page: z.coerce.number().int().min(1, "page starts at 1.").max(100, "page is at most 100.").default(1),
});

const PER_PAGE = 10;
/** The fields a hit is built from; the text it shows comes cropped in `_formatted`. */
export const RETRIEVED = ["id", "type", "title", "solved", "score", "answerCount", "category", "createdAt", "url"];
// Placeholders Meilisearch wraps around matches; real text never holds them.
const PRE = "\u0001";
const POST = "\u0002";

function escapeHtml(s: string) {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** Escapes the text, then turns the match markers into <mark>: the only markup a snippet carries. */
export function markMatches(s: string) {
  return escapeHtml(s).replaceAll(PRE, "<mark>").replaceAll(POST, "</mark>");
}

export interface SearchHit {
  type: "question" | "townhall";
  id: string;
  title: string;
  titleHtml: string;
  snippet: string;
  solved: boolean;
  score: number;
  answerCount: number;
  category: string;
  createdAt: string;
  url: string;
}

export interface SearchResult {
  hits: SearchHit[];
  total: number;
  page: number;
  totalPages: number;
  facets: { category: Record<string, number>; tags: Record<string, number>; solved: Record<string, number> };
  degraded: boolean;
}


/**
 * The Meilisearch filters that keep private categories out of an actor's
 * results (and so out of the facet counts), to AND with any others. Each
 * document carries its category's visibility, rewritten through the outbox
 * when staff change it. Until a document is rewritten, the live list of
 * hidden category slugs keeps it out too; and a document indexed before
 * categories had a visibility (every category was public then) still matches.
 */
export async function visibilityFilters(actor: Actor | null | undefined): Promise<string[]> {
  const kinds = visibleCategoryKinds(actor);
  if (kinds.length >= categoryVisibilities.length) return [];
  const hidden = (await listCategories()).filter((c) => !kinds.includes(c.visibility)).map((c) => c.slug);
  const f = [`(visibility IN [${kinds.map(filterValue).join(", ")}] OR visibility NOT EXISTS)`];
  if (hidden.length) f.push(`category NOT IN [${hidden.map(filterValue).join(", ")}]`);
  return f;
}

function filtersFor(q: z.output<typeof searchSchema>) {
  const f: string[] = [];
  if (q.category) f.push(`category = ${filterValue(q.category)}`);
  if (q.tag) f.push(`tags = ${filterValue(q.tag)}`);
  if (q.solved !== undefined) f.push(`solved = ${q.solved}`);
  return f;
}

async function searchMeili(q: z.output<typeof searchSchema>, visibility: string[]): Promise<SearchResult> {
  const handle = searchHandle();
  if (!handle) throw new Error("search is not running");
  const res = await handle.client.index<QuestionDocument>(indexUid("questions")).search(foldQuery(q.q), {
    filter: [...visibility, ...filtersFor(q)],
    facets: ["category", "tags", "solved"],
    sort: q.sort === "newest" ? ["createdAt:desc"] : q.sort === "votes" ? ["score:desc"] : undefined,
    // Only what a hit shows: whole bodies and answers would cross the wire
    // twice (raw and formatted) for every hit, costing both processes.
    attributesToRetrieve: RETRIEVED,
    attributesToHighlight: ["title", "body", "acceptedAnswer"],
    attributesToCrop: ["acceptedAnswer", "body"],
    cropLength: 28,
    highlightPreTag: PRE,
    highlightPostTag: POST,
    hitsPerPage: PER_PAGE,
    page: q.page,
  });
  const dist = res.facetDistribution ?? {};
  return {
    hits: res.hits.map((h) => {
      const f = h._formatted;
      const answerMatch = f?.acceptedAnswer && f.acceptedAnswer.includes(PRE) ? f.acceptedAnswer : null;
      const snippet = answerMatch ?? f?.body ?? "";
      return {
        type: h.type ?? "question",
        id: h.id,
        title: h.title,
        titleHtml: markMatches(f?.title ?? h.title),
        snippet: markMatches(snippet),
        solved: h.solved,
        score: h.score,
        answerCount: h.answerCount,
        category: h.category,
        createdAt: new Date(h.createdAt * 1000).toISOString(),
        url: h.url,
      };
    }),
    total: res.totalHits ?? res.hits.length,
    page: res.page ?? q.page,
    totalPages: res.totalPages ?? 1,
    facets: { category: dist.category ?? {}, tags: dist.tags ?? {}, solved: dist.solved ?? {} },
    degraded: false,
  };
}

/** PostgreSQL full-text search: only while Meilisearch is unreachable, and it says so. */
async function searchPostgres(q: z.output<typeof searchSchema>, actor: Actor | null): Promise<SearchResult> {
  const where = [isNull(questions.deletedAt), isNull(questions.hiddenAt)];
  const visible = visibleCategoriesOnly(actor);
  if (visible) where.push(visible);
  // Any of the words (ranked by how many match), as Meilisearch does; plain AND would miss too much.
  const query = sql`replace(plainto_tsquery('english', ${q.q})::text, '&', '|')::tsquery`;
  if (q.q) where.push(sql`${questions.searchVector} @@ ${query}`);
  if (q.category) where.push(eq(categories.slug, q.category));
  if (q.tag) where.push(sql`${questions.tags} @> array[${q.tag}]::text[]`);
  if (q.solved === true) where.push(isNotNull(questions.acceptedAnswerId));
  if (q.solved === false) where.push(isNull(questions.acceptedAnswerId));
  const order =
    q.sort === "newest"
      ? [sql`${questions.createdAt} desc`]
      : q.sort === "votes" || !q.q
        ? [sql`${questions.score} desc`, sql`${questions.createdAt} desc`]
        : [sql`ts_rank(${questions.searchVector}, ${query}) * (case when ${questions.acceptedAnswerId} is null then 1 else 1.5 end) desc`];
  const opts = `StartSel=${PRE}, StopSel=${POST}, MaxWords=28, MinWords=12`;
  const rows = await db()
    .select({
      id: questions.id,
      title: questions.title,
      snippet: q.q ? sql<string>`ts_headline('english', ${questions.body}, ${query}, ${opts})` : sql<string>`left(${questions.body}, 200)`,
      solved: sql<boolean>`${questions.acceptedAnswerId} is not null`,
      score: questions.score,
      answerCount: questions.answerCount,
      category: categories.slug,
      createdAt: questions.createdAt,
      total: sql<number>`count(*) over ()`.mapWith(Number),
    })
    .from(questions)
    .innerJoin(categories, eq(categories.id, questions.categoryId))
    .where(and(...where))
    .orderBy(...order)
    .limit(PER_PAGE)
    .offset((q.page - 1) * PER_PAGE);
  const total = rows[0]?.total ?? 0;
  return {
    hits: rows.map((r) => ({
      type: "question" as const,
      id: r.id,
      title: r.title,
      titleHtml: escapeHtml(r.title),
      snippet: markMatches(r.snippet),
      solved: r.solved,
      score: r.score,
      answerCount: r.answerCount,
      category: r.category,
      createdAt: r.createdAt.toISOString(),
      url: `/q/${r.id}`,
    })),
    total,
    page: q.page,
    totalPages: Math.ceil(total / PER_PAGE),
    facets: { category: {}, tags: {}, solved: {} },
    degraded: true,
  };
}

/** Search, limited to what the actor may read: Meilisearch, or PostgreSQL while it is unreachable. */
export async function searchContent(actor: Actor | null, input: unknown): Promise<SearchResult & { query: z.output<typeof searchSchema> }> {
  const q = parseInput(searchSchema, input);
  const visibility = await visibilityFilters(actor);
  try {
    return { ...(await searchMeili(q, visibility)), query: q };
  } catch (err) {
    log.warn(`search: Meilisearch unavailable, answering from PostgreSQL (${err instanceof Error ? err.message : String(err)})`);
    return { ...(await searchPostgres(q, actor)), query: q };
  }
}
