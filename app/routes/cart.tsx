import { parseWithZod } from "@conform-to/zod/v4";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useT } from "~/utils/use-t";
import { FormErrors } from "~/components/ui/field";
import { PhotoPlaceholder } from "~/components/ui/placeholder";
import {
  acknowledgeGuestPrices,
  acknowledgePrices,
  addToCart,
  addToGuestCart,
  cartItemsOf,
  priceCart,
  removeFromCart,
  setCartQuantity,
  setGuestQuantity,
} from "~/models/cart.server";
import { FieldErrors } from "~/models/errors";
import { readGuestCart, writeGuestCart } from "~/utils/guest-cart.server";
import { formatQuantity, formatVnd } from "~/utils/i18n";
import { pageTitle } from "~/utils/meta";
import { useLocale } from "~/utils/root-data";
import { getSessionUser, safeRedirect } from "~/utils/session.server";
import { cartLineSchema } from "~/validation/cart";
import { parseId } from "~/validation/ids";
import { readForm } from "~/utils/form.server";
import { SubmitButton } from "~/components/ui/submit-button";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "cart");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getSessionUser(request);
  const items = user ? await cartItemsOf(user.id) : await readGuestCart(request);
  return { cart: await priceCart(items), loggedIn: Boolean(user) };
}

// One action for every cart operation, switched on the intent (add, update, remove, accept-prices).
export async function action({ request }: ActionFunctionArgs) {
  const user = await getSessionUser(request);
  const formData = await readForm(request);
  const back = safeRedirect(formData.get("redirectTo"), "/cart");
  const submission = parseWithZod(formData, { schema: cartLineSchema });
  if (submission.status !== "success") return { result: submission.reply(), listingId: parseId(formData.get("listingId")) };
  const { intent, listingId, quantity } = submission.value;
  try {
    if (user) {
      if (intent === "accept-prices") await acknowledgePrices(user.id);
      else if (listingId === undefined) throw new FieldErrors({ quantity: ["errors.cart.unavailable"] });
      else if (intent === "remove") await removeFromCart(user.id, listingId);
      else if (quantity === undefined) throw new FieldErrors({ quantity: ["errors.quantity.required"] });
      else if (intent === "add") await addToCart(user.id, listingId, quantity);
      else await setCartQuantity(user.id, listingId, quantity);
      return redirect(intent === "add" ? `${back}${back.includes("?") ? "&" : "?"}added=1` : "/cart");
    }
    let items = await readGuestCart(request);
    if (intent === "accept-prices") items = await acknowledgeGuestPrices(items);
    else if (listingId === undefined) throw new FieldErrors({ quantity: ["errors.cart.unavailable"] });
    else if (intent === "remove") items = items.filter((i) => i.listingId !== listingId);
    else if (quantity === undefined) throw new FieldErrors({ quantity: ["errors.quantity.required"] });
    else if (intent === "add") items = await addToGuestCart(items, listingId, quantity);
    else items = await setGuestQuantity(items, listingId, quantity);
    const to = intent === "add" ? `${back}${back.includes("?") ? "&" : "?"}added=1` : "/cart";
    return redirect(to, { headers: { "Set-Cookie": await writeGuestCart(items) } });
  } catch (error) {
    if (error instanceof FieldErrors) return { result: submission.reply({ fieldErrors: error.fieldErrors }), listingId };
    throw error;
  }
}

export default function CartPage() {
  const t = useT();
  const locale = useLocale();
  const { cart, loggedIn } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const lineErrors = (id: number) =>
    actionData?.listingId === id ? Object.values(actionData.result.error ?? {}).flat().filter((e): e is string => Boolean(e)) : [];
  const priceChanged = cart.groups.some((g) => g.lines.some((l) => l.problems.includes("price_changed")));

  return (
    <section>
      <h1>{t("cart.title")}</h1>
      {actionData && !cart.groups.some((g) => g.lines.some((l) => l.listingId === actionData.listingId)) ? (
        <FormErrors errors={Object.values(actionData.result.error ?? {}).flat().filter((e): e is string => Boolean(e))} />
      ) : null}
      {cart.count === 0 ? (
        <p className="empty">
          {t("cart.empty")} <Link to="/search">{t("cart.browse")}</Link>
        </p>
      ) : (
        <>
          {priceChanged ? (
            <Form method="post" className="notice">
              <p>{t("cart.pricesChanged")}</p>
              <SubmitButton name="intent" value="accept-prices" className="button">
                {t("cart.acceptPrices")}
              </SubmitButton>
            </Form>
          ) : null}
          {cart.groups.map((group) => (
            <section key={group.farm.id} className="cart-group" aria-label={group.farm.name}>
              <h2>
                <Link to={`/farms/${group.farm.slug}`}>{group.farm.name}</Link>
              </h2>
              <ul className="cart-lines">
                {group.lines.map((line) => (
                  <li key={line.listingId} className="cart-line">
                    {line.photo ? <img src={line.photo.sm} alt="" width={96} height={72} /> : <PhotoPlaceholder />}
                    <div className="cart-line-body">
                      <Link to={`/listings/${line.listingId}/${line.slug}`}>{line.title}</Link>
                      <p className="meta">
                        {formatVnd(line.unitPriceVnd, locale)} / {t(`units.${line.unit}`)}
                        {line.problems.includes("price_changed") ? (
                          <span className="badge badge-preorder"> {t("cart.wasPrice", { price: formatVnd(line.seenPriceVnd, locale) })}</span>
                        ) : null}
                      </p>
                      {line.problems
                        .filter((p) => p !== "price_changed")
                        .map((p) => (
                          <p key={p} className="field-errors" role="alert">
                            {t(`cart.problems.${p}`, { stock: formatQuantity(line.stock, locale), minimum: formatQuantity(line.minOrderQty, locale), unit: t(`units.${line.unit}`) })}
                          </p>
                        ))}
                      <FormErrors errors={lineErrors(line.listingId)} />
                      <div className="cart-line-actions">
                        <Form method="post" className="inline-form">
                          <input type="hidden" name="listingId" value={line.listingId} />
                          <label>
                            <span className="visually-hidden">{t("cart.quantityOf", { title: line.title })}</span>
                            <input name="quantity" defaultValue={String(line.quantity)} inputMode="decimal" size={6} aria-label={t("cart.quantityOf", { title: line.title })} />
                          </label>{" "}
                          {t(`units.${line.unit}`)}{" "}
                          <SubmitButton name="intent" value="update" className="button">
                            {t("cart.update")}
                          </SubmitButton>
                        </Form>
                        <Form method="post" className="inline-form">
                          <input type="hidden" name="listingId" value={line.listingId} />
                          <SubmitButton name="intent" value="remove" className="link-button danger">
                            {t("cart.remove")}
                          </SubmitButton>
                        </Form>
                      </div>
                    </div>
                    <p className="price">{formatVnd(line.lineTotalVnd, locale)}</p>
                  </li>
                ))}
              </ul>
              <p className="subtotal">
                {t("cart.subtotal")}: <strong>{formatVnd(group.subtotalVnd, locale)}</strong>
              </p>
            </section>
          ))}
          <p className="cart-total">
            {t("cart.total")}: <strong>{formatVnd(cart.totalVnd, locale)}</strong>
          </p>
          {cart.hasProblems ? (
            <p className="field-errors">{t("cart.fixFirst")}</p>
          ) : (
            <Link to={loggedIn ? "/checkout" : "/login?redirectTo=%2Fcheckout"} className="button primary">
              {t("cart.checkout")}
            </Link>
          )}
        </>
      )}
    </section>
  );
}
