/**
 * conform's `useForm` with the form's zod schema kept off the page's first
 * load (decision 048, issue 16 goal 3). zod and conform's zod adapter are
 * ~30 KB gzip; a page that only shows a form does not need them until the
 * visitor starts filling it in. So the schema module and `parseWithZod` are
 * loaded by dynamic import when focus first enters the form (at once if the
 * server already answered the form with errors), and until they arrive the
 * form validates as it does without JavaScript: a submit goes to the server,
 * which validates with the same schema and answers with the same messages.
 *
 * Once loaded the form checks each field on blur and again on input, as the
 * forms did before; the fields left before the schema arrived are checked
 * then, so a visitor who tabs through quickly sees the same errors.
 *
 * conform re-reads its options on every render (useForm's layout effect), so
 * the switch from "server only" to "check in the browser" is a state change.
 * Blur checks must be off until then: without `onValidate`, conform answers a
 * blur check by posting the form to the server with its validate intent.
 */
import { useForm } from "@conform-to/react";
import { useEffect, useRef, useState } from "react";
import type { ZodType } from "zod";

type FormOptions<Shape extends Record<string, unknown>, Value> = Parameters<typeof useForm<Shape, Value>>[0];
type Validate<Shape extends Record<string, unknown>, Value> = NonNullable<FormOptions<Shape, Value>["onValidate"]>;

/** Loads a schema and conform's zod adapter together; the result checks a form's data. */
async function loadValidator<Shape extends Record<string, unknown>, Value>(schema: () => Promise<ZodType<Value, Shape>>): Promise<Validate<Shape, Value>> {
  const [resolved, { parseWithZod }] = await Promise.all([schema(), import("@conform-to/zod/v4")]);
  return ({ formData }) => parseWithZod(formData, { schema: resolved }) as ReturnType<Validate<Shape, Value>>;
}

/**
 * `useForm` whose `onValidate` is `parseWithZod` with the schema `schema()`
 * resolves to (write it as `() => import("~/validation/x").then((m) => m.xSchema)`
 * so the bundler splits it off). Options are useForm's, without the three it sets.
 */
export function useLazyForm<Shape extends Record<string, unknown>, Value = Shape>(
  schema: () => Promise<ZodType<Value, Shape>>,
  options: NoInfer<Omit<FormOptions<Shape, Value>, "onValidate" | "shouldValidate" | "shouldRevalidate">>,
) {
  const [validate, setValidate] = useState<Validate<Shape, Value>>();
  const [form, fields] = useForm<Shape, Value>({
    ...options,
    ...(validate
      ? { onValidate: validate, shouldValidate: "onBlur", shouldRevalidate: "onInput" }
      : { shouldValidate: "onSubmit", shouldRevalidate: "onSubmit" }),
  } as FormOptions<Shape, Value>);
  const left = useRef(new Set<string>());
  const latestSchema = useRef(schema);
  latestSchema.current = schema;

  useEffect(() => {
    if (validate) return;
    const element = document.getElementById(form.id);
    if (!element) return;
    let live = true;
    let started = false;
    const start = () => {
      if (started) return;
      started = true;
      loadValidator<Shape, Value>(latestSchema.current).then(
        (loaded) => live && setValidate(() => loaded),
        // Offline or a stale build: the server still validates every submit.
        () => undefined,
      );
    };
    const remember = (event: FocusEvent) => {
      const name = (event.target as { name?: unknown } | null)?.name;
      if (typeof name === "string" && name) left.current.add(name);
    };
    element.addEventListener("focusin", start);
    element.addEventListener("focusout", remember);
    if (element.contains(document.activeElement) || options.lastResult) start();
    return () => {
      live = false;
      element.removeEventListener("focusin", start);
      element.removeEventListener("focusout", remember);
    };
  }, [validate, form.id, options.lastResult]);

  // The fields left before the schema arrived: checked now, as a blur would have.
  useEffect(() => {
    if (!validate) return;
    for (const name of left.current) form.validate({ name });
    left.current.clear();
  }, [validate, form]);

  return [form, fields] as const;
}
