import { Link, useFetcher } from "@remix-run/react";
import { useEffect, useId, useRef, useState } from "react";
import { useT } from "~/utils/use-t";

type Suggestion = { id: number; title: string; url: string };

/**
 * A plain GET form to /search; with JavaScript, suggestions appear as the
 * person types, fetched from /search/suggest without loading the full page.
 */
export function SearchBox({ defaultValue = "", className, inputId, hidden = {} }: {
  defaultValue?: string;
  className?: string;
  inputId: string;
  hidden?: Record<string, string | undefined>;
}) {
  const t = useT();
  const fetcher = useFetcher<{ suggestions: Suggestion[] }>();
  const [open, setOpen] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout>>();
  const listId = useId();
  const suggestions = fetcher.data?.suggestions ?? [];

  useEffect(() => () => clearTimeout(timer.current), []);

  return (
    <form method="get" action="/search" role="search" className={className} onBlur={(e) => {
      if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setOpen(false);
    }}>
      <label className="visually-hidden" htmlFor={inputId}>
        {t("search.label")}
      </label>
      <div className="search-input">
        <input
          id={inputId}
          type="search"
          name="q"
          defaultValue={defaultValue}
          placeholder={t("search.placeholder")}
          autoComplete="off"
          aria-autocomplete="list"
          aria-controls={listId}
          aria-expanded={open && suggestions.length > 0}
          onChange={(e) => {
            const value = e.currentTarget.value;
            clearTimeout(timer.current);
            timer.current = setTimeout(() => {
              if (value.trim().length >= 2) {
                fetcher.load(`/search/suggest?q=${encodeURIComponent(value)}`);
                setOpen(true);
              } else setOpen(false);
            }, 120);
          }}
          onKeyDown={(e) => {
            if (e.key === "Escape") setOpen(false);
          }}
        />
        {open && suggestions.length > 0 ? (
          <ul id={listId} className="suggestions" role="listbox" aria-label={t("search.suggestions")}>
            {suggestions.map((s) => (
              <li key={s.id} role="option" aria-selected={false}>
                <Link to={s.url} onClick={() => setOpen(false)}>
                  {s.title}
                </Link>
              </li>
            ))}
          </ul>
        ) : null}
      </div>
      {Object.entries(hidden).map(([name, value]) => (value ? <input key={name} type="hidden" name={name} value={value} /> : null))}
      <button type="submit" className="button primary">
        {t("search.submit")}
      </button>
    </form>
  );
}
