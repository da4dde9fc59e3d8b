/**
 * Filters that search as soon as they change, without a search per keystroke.
 *
 * A select moved with the arrow keys fires `change` at every press (Chromium
 * on Android and Linux): three presses were three searches, each result
 * replacing the page under the person's finger. So: a change made with the
 * pointer (a click, a tap on the picker) searches; a change made with
 * the keyboard waits until the person leaves the control or presses Enter;
 * and changes that come in a burst (a number's spinner) make one search,
 * 400 ms after the last. Without JavaScript the form's Apply button does it.
 */
import { useSubmit } from "@remix-run/react";
import { useEffect, useRef, type FocusEvent, type FormEvent, type KeyboardEvent } from "react";

const SETTLE_MS = 400;

export function useFilterSubmit() {
  const submit = useSubmit();
  const timer = useRef<ReturnType<typeof setTimeout>>();
  const byKeyboard = useRef(false);
  const waiting = useRef(false);
  useEffect(() => () => clearTimeout(timer.current), []);

  const searchSoon = (form: HTMLFormElement, ms: number) => {
    waiting.current = false;
    clearTimeout(timer.current);
    timer.current = setTimeout(() => submit(form), ms);
  };

  return {
    onPointerDown: () => {
      byKeyboard.current = false;
    },
    onKeyDown: (e: KeyboardEvent<HTMLFormElement>) => {
      byKeyboard.current = true;
      if (e.key === "Enter" && e.target instanceof HTMLSelectElement && waiting.current) {
        e.preventDefault();
        searchSoon(e.currentTarget, 0);
      }
    },
    onChange: (e: FormEvent<HTMLFormElement>) => {
      if (e.target instanceof HTMLSelectElement && byKeyboard.current) waiting.current = true;
      else searchSoon(e.currentTarget, SETTLE_MS);
    },
    onBlur: (e: FocusEvent<HTMLFormElement>) => {
      if (waiting.current && e.target instanceof HTMLSelectElement) searchSoon(e.currentTarget, 0);
    },
  };
}
