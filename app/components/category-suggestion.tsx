/**
 * With JavaScript: as the farmer types a listing's title, the category it
 * suggests is offered as one tap ("Dùng: Rau ăn quả"), fetched from
 * /sell/category-suggest. Without JavaScript the server does it when the form
 * is sent without a category (utils/listing-form.server.ts).
 *
 * The offer never moves the form under the farmer's finger: the first
 * keystroke in the title keeps a button's height free for it (an invisible
 * stand-in), so when the answer lands a moment later the fields below stay
 * where they were. Before this, a tap on "more details" as the offer appeared
 * pressed down on the summary and let go on the field that slid under it, and
 * the fold stayed shut (tests/e2e/amounts.spec.ts).
 */
import { useFetcher } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { useT } from "~/utils/use-t";

type Suggestion = { slug: string; name: string } | null;

export function CategorySuggestion({ onUse }: { onUse: (slug: string) => void }) {
  const t = useT();
  const fetcher = useFetcher<{ suggestion: Suggestion }>();
  const ref = useRef<HTMLDivElement>(null);
  const [chosen, setChosen] = useState("");
  const [reserved, setReserved] = useState(false);
  const load = useRef(fetcher.load);
  load.current = fetcher.load;

  useEffect(() => {
    const form = ref.current?.closest("form");
    if (!form) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const readChosen = () => {
      const select = form.elements.namedItem("categorySlug");
      setChosen(select instanceof HTMLSelectElement ? select.value : "");
    };
    const onInput = (event: Event) => {
      readChosen();
      const target = event.target;
      if (!(target instanceof HTMLInputElement) || target.name !== "title") return;
      setReserved(true);
      clearTimeout(timer);
      const title = target.value.trim();
      timer = setTimeout(() => {
        if (title.length >= 2) load.current(`/sell/category-suggest?title=${encodeURIComponent(title)}`);
      }, 250);
    };
    readChosen();
    form.addEventListener("input", onInput);
    form.addEventListener("change", readChosen);
    return () => {
      clearTimeout(timer);
      form.removeEventListener("input", onInput);
      form.removeEventListener("change", readChosen);
    };
  }, []);

  const suggestion = fetcher.data?.suggestion ?? null;
  const offered = suggestion && suggestion.slug !== chosen ? suggestion : null;
  return (
    <div ref={ref} className="category-suggestion" aria-live="polite">
      {offered ? (
        <button
          type="button"
          className="button"
          onClick={() => {
            onUse(offered.slug);
            setChosen(offered.slug);
          }}
        >
          {t("formHelp.useSuggestion", { category: offered.name })}
        </button>
      ) : reserved ? (
        <span className="button stand-in" aria-hidden="true">
          {"\u00a0"}
        </span>
      ) : null}
    </div>
  );
}
