// 700s: white initials on them pass WCAG AA contrast even at the smallest size.
const palette = ["bg-sky-700", "bg-emerald-700", "bg-amber-700", "bg-rose-700", "bg-violet-700", "bg-teal-700", "bg-indigo-700", "bg-orange-700"];

function colourFor(name: string) {
  let h = 0;
  for (const ch of name) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return palette[h % palette.length];
}

/** `src`: the member's uploaded avatar (`avatarUrl`), else their initials on a colour of their own. */
export function Avatar({ username, size = "md", src }: { username: string; size?: "sm" | "md" | "lg"; src?: string | null }) {
  const dims = size === "sm" ? "h-6 w-6 text-[10px]" : size === "lg" ? "h-16 w-16 text-xl" : "h-9 w-9 text-sm";
  if (src) {
    // Decorative, as the initials are: the name is always written beside it.
    const px = size === "sm" ? 24 : size === "lg" ? 64 : 36;
    return <img src={src} alt="" aria-hidden="true" width={px} height={px} loading="lazy" className={`inline-block shrink-0 rounded-full bg-slate-100 object-cover ${dims}`} data-testid="avatar-image" />;
  }
  return (
    <span
      aria-hidden="true"
      className={`inline-flex shrink-0 items-center justify-center rounded-full font-semibold uppercase text-white ${dims} ${colourFor(username)}`}
    >
      {username.slice(0, 2)}
    </span>
  );
}
