/**
 * One town hall's page: the town hall, the questions and chat this visitor
 * may see, and, once it has ended, the categories its hosts may move
 * unanswered questions into.
 */
import type { Viewer } from "~/auth/policies";
import { listVisibleCategories } from "~/domain/categories/categories.server";
import { listChat, listTownhallQuestions } from "./questions.server";
import { townhallDetails } from "./townhalls.server";

export async function townhallPage(viewer: Viewer, id: string, sort: "votes" | "newest") {
  const actor = viewer ?? null;
  const [{ townhall, canRun }, questions, chat] = await Promise.all([townhallDetails(actor, id), listTownhallQuestions(actor, id, sort), listChat(id)]);
  // Moved questions are public: only categories everyone reads.
  const categories = canRun && townhall.state === "ended" ? (await listVisibleCategories(null)).map((c) => ({ slug: c.slug, name: c.name })) : [];
  return { townhall, questions, chat, categories, me: actor?.username ?? null, signedIn: actor !== null, can: { run: canRun } };
}
