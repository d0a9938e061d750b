/**
 * A plain GET form to /search with a labelled box and a button: works
 * without JavaScript. `label` must differ between boxes on one page, so
 * each field keeps a name of its own; `landmark` names the search region
 * (read as "<landmark> search"), unlike the field's label so that a lookup
 * by label finds the field alone.
 */
export function SearchBox({
  id,
  label,
  landmark,
  placeholder = label,
  className = "",
  button = "btn-primary",
}: {
  id: string;
  label: string;
  landmark: string;
  placeholder?: string;
  className?: string;
  button?: string;
}) {
  return (
    <form method="get" action="/search" role="search" aria-label={landmark} className={`flex gap-2 ${className}`}>
      <label htmlFor={id} className="sr-only">
        {label}
      </label>
      <input id={id} name="q" type="search" placeholder={placeholder} className="input text-base" />
      <button type="submit" className={`shrink-0 ${button}`}>
        Search
      </button>
    </form>
  );
}
