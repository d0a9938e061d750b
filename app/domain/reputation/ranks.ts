/** Ranks are names for reputation bands, shown beside a member's name. */
export const ranks = [
  { name: "Newcomer", min: 0 },
  { name: "Member", min: 50 },
  { name: "Contributor", min: 200 },
  { name: "Expert", min: 1000 },
  { name: "Guru", min: 5000 },
] as const;

export function rankOf(reputation: number) {
  let current: (typeof ranks)[number] = ranks[0];
  for (const r of ranks) if (reputation >= r.min) current = r;
  return current.name;
}
