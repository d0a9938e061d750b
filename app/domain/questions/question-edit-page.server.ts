/** What the question's edit page needs: the fields as the author last saved them, for someone who may edit it. */
import { ensure, type Actor } from "~/auth/policies";
import { getQuestion } from "./get.server";

export async function questionEditPage(actor: Actor, id: string) {
  const { question } = await getQuestion(actor, id);
  ensure(question.can.edit, "Only the author or staff can edit this question.");
  return { question: { id: question.id, title: question.title, body: question.body, tags: question.tags.join(", ") } };
}
