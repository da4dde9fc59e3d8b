/**
 * What the form understood, shown under a price or quantity as it is typed:
 * "= 25.000 ₫/kg" for "25k", "= 1,5 kg" for "1.500" — or a hint with the
 * ways to write it when it cannot be read. The same parsers as the server's
 * (app/validation/fields.ts), so the echo is what will be saved. Without
 * JavaScript the server renders it from the values a refused form sends back.
 */
import { useEffect, useRef, useState } from "react";
import { UNITS } from "~/models/units";
import { formatQuantity, formatVnd } from "~/utils/i18n";
import { useLocale } from "~/utils/root-data";
import { useT } from "~/utils/use-t";
import { parseQuantityInput, parseVnd } from "~/validation/amounts";

/** `value` and `unit` are what a refused form sent back: anything a forged request held (a list, nothing). */
export function AmountEcho({ name, kind, value, unit: sentUnit }: { name: string; kind: "price" | "quantity"; value?: unknown; unit?: unknown }) {
  const t = useT();
  const locale = useLocale();
  const ref = useRef<HTMLSpanElement>(null);
  const unit = typeof sentUnit === "string" ? sentUnit : "kg";
  const [typed, setTyped] = useState({ value: typeof value === "string" ? value : "", unit });

  useEffect(() => {
    const form = ref.current?.closest("form");
    if (!form) return;
    const read = () => {
      const input = form.elements.namedItem(name);
      const select = form.elements.namedItem("unit");
      setTyped({
        value: input instanceof HTMLInputElement ? input.value : "",
        unit: select instanceof HTMLSelectElement ? select.value : unit,
      });
    };
    read();
    form.addEventListener("input", read);
    form.addEventListener("change", read);
    return () => {
      form.removeEventListener("input", read);
      form.removeEventListener("change", read);
    };
  }, [name, unit]);

  const unitName = t(`units.${(UNITS as readonly string[]).includes(typed.unit) ? typed.unit : "kg"}`);
  let text = "";
  if (typed.value.trim()) {
    const n = kind === "price" ? parseVnd(typed.value) : parseQuantityInput(typed.value);
    if (n === null || (kind === "price" && n <= 0)) text = t(kind === "price" ? "formHelp.amountUnread" : "formHelp.quantityUnread");
    else if (kind === "price") text = t("formHelp.amountEcho", { amount: formatVnd(n, locale), unit: unitName });
    else text = t("formHelp.quantityEcho", { quantity: formatQuantity(n, locale), unit: unitName });
  }
  return (
    <span ref={ref} className="amount-echo" aria-live="polite" data-echo={name}>
      {text}
    </span>
  );
}
