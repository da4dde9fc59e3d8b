import { Form, useFetcher, useNavigate } from "@remix-run/react";
import { useEffect, useId, useRef, useState } from "react";
import { useT } from "~/utils/use-t";

type Suggestion = { id: number; title: string; url: string };

/**
 * A GET form to /search; with JavaScript, suggestions appear as the person
 * types, fetched from /search/suggest without loading the full page, and the
 * results page then takes the focus to its heading (takeSearchSubmitted).
 *
 * The suggestions follow the ARIA combobox pattern: the text box keeps the
 * focus and names the option in hand (`aria-activedescendant`); ↓/↑ move
 * through the options, Enter opens the one in hand (or searches when none
 * is), Escape closes the list. An option is not a link: a link inside an
 * option would be a control inside a control, which screen readers cannot
 * reach; the option itself opens its listing when clicked.
 */
export function SearchBox({ defaultValue = "", className, inputId, hidden = {} }: {
  defaultValue?: string;
  className?: string;
  inputId: string;
  hidden?: Record<string, string | undefined>;
}) {
  const t = useT();
  const navigate = useNavigate();
  const fetcher = useFetcher<{ suggestions: Suggestion[] }>();
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const timer = useRef<ReturnType<typeof setTimeout>>();
  const listId = useId();
  const suggestions = fetcher.data?.suggestions ?? [];
  const expanded = open && suggestions.length > 0;
  const optionId = (i: number) => `${listId}-${i}`;

  useEffect(() => () => clearTimeout(timer.current), []);
  // New suggestions: none is in hand until the person moves to one.
  useEffect(() => setActive(-1), [fetcher.data]);

  const close = () => {
    setOpen(false);
    setActive(-1);
  };
  const pick = (s: Suggestion) => {
    close();
    navigate(s.url);
  };

  return (
    <Form
      method="get"
      action="/search"
      role="search"
      className={className}
      onSubmit={() => {
        close();
        searchSubmitted = true;
      }}
      onBlur={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget as Node | null)) close();
      }}
    >
      <label className="visually-hidden" htmlFor={inputId}>
        {t("search.label")}
      </label>
      <div className="search-input">
        <input
          id={inputId}
          type="search"
          name="q"
          role="combobox"
          defaultValue={defaultValue}
          placeholder={t("search.placeholder")}
          autoComplete="off"
          aria-autocomplete="list"
          aria-controls={listId}
          aria-expanded={expanded}
          aria-activedescendant={expanded && active >= 0 ? optionId(active) : undefined}
          onChange={(e) => {
            const value = e.currentTarget.value;
            clearTimeout(timer.current);
            timer.current = setTimeout(() => {
              if (value.trim().length >= 2) {
                fetcher.load(`/search/suggest?q=${encodeURIComponent(value)}`);
                setOpen(true);
              } else close();
            }, 120);
          }}
          onKeyDown={(e) => {
            const n = suggestions.length;
            if (e.key === "ArrowDown" || e.key === "ArrowUp") {
              if (!n) return;
              e.preventDefault();
              if (!open) setOpen(true);
              const step = e.key === "ArrowDown" ? 1 : -1;
              setActive((i) => (i < 0 ? (step > 0 ? 0 : n - 1) : (i + step + n) % n));
            } else if (e.key === "Enter" && expanded && active >= 0 && suggestions[active]) {
              e.preventDefault();
              pick(suggestions[active]);
            } else if (e.key === "Escape" && expanded) {
              // Closes the list only; the browser's own Escape (clearing the box) waits for the next press.
              e.preventDefault();
              close();
            }
          }}
        />
        <ul id={listId} className="suggestions" role="listbox" aria-label={t("search.suggestions")} hidden={!expanded}>
          {expanded
            ? suggestions.map((s, i) => (
                // The text box keeps the focus and handles the keys (aria-activedescendant); a click on an option opens it.
                <li
                  key={s.id}
                  id={optionId(i)}
                  role="option"
                  aria-selected={i === active}
                  onMouseDown={(e) => e.preventDefault()}
                  onClick={() => pick(s)}
                >
                  {s.title}
                </li>
              ))
            : null}
        </ul>
      </div>
      {Object.entries(hidden).map(([name, value]) => (value ? <input key={name} type="hidden" name={name} value={value} /> : null))}
      <button type="submit" className="button primary">
        {t("search.submit")}
      </button>
    </Form>
  );
}

/** Set when a search box is submitted: the results page then takes the focus to its heading (takeSearchSubmitted). */
let searchSubmitted = false;

/** Whether the page now shown came from a search box's submit (asked once: it forgets). */
export function takeSearchSubmitted(): boolean {
  const was = searchSubmitted;
  searchSubmitted = false;
  return was;
}
