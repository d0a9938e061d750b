/**
 * A plain GET form to /search with a labelled box and a button: works
 * without JavaScript. `label` must differ between boxes on one page, so
 * each field keeps a name of its own.
 */
export function SearchBox({ id, label, className = "", button = "btn-primary" }: { id: string; label: string; className?: string; button?: "btn-primary" | "btn-secondary" }) {
  return (
    <form method="get" action="/search" role="search" className={`flex gap-2 ${className}`}>
      <label htmlFor={id} className="sr-only">
        {label}
      </label>
      <input id={id} name="q" type="search" placeholder={label} className="input text-base" />
      <button type="submit" className={button}>
        Search
      </button>
    </form>
  );
}
