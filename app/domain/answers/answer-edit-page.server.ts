/** What the answer's edit page needs: its text, for someone who may edit it. */
import { canEditPost, ensure, type Actor } from "~/auth/policies";
import { answerAuthorId, getAnswer } from "./answers.server";

export async function answerEditPage(actor: Actor, id: string) {
  const answer = await getAnswer(actor, id);
  ensure(canEditPost(actor, { authorId: await answerAuthorId(answer.id) }), "Only the author or staff can edit this answer.");
  return { answer: { id: answer.id, body: answer.body, questionId: answer.questionId } };
}
