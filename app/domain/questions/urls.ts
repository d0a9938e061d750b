export function questionUrl(id: string) {
  return `/q/${id}`;
}

export function answerUrl(questionId: string, answerId: string) {
  return `${questionUrl(questionId)}#answer-${answerId}`;
}
