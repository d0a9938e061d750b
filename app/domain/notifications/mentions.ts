/** Usernames @mentioned in a post's source, outside code. */
export function mentionedUsernames(markdown: string): string[] {
  const withoutCode = markdown.replace(/```[\s\S]*?```/g, " ").replace(/`[^`]*`/g, " ");
  const found = new Set<string>();
  for (const match of withoutCode.matchAll(/(^|[^\w@/.])@([a-zA-Z0-9_-]{3,30})\b/g)) found.add(match[2].toLowerCase());
  return Array.from(found).slice(0, 20);
}
