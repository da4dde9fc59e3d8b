import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { NoFarm } from "~/components/no-farm";
import { useT } from "~/utils/use-t";
import { pageTitle } from "~/utils/meta";
import { countSellerListings } from "~/models/listing.server";
import { addRole } from "~/models/user.server";
import { requireUser } from "~/utils/session.server";
import { requireSeller } from "~/utils/actor.server";
import { readForm } from "~/utils/form.server";
import { SubmitButton } from "~/components/ui/submit-button";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "sell");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  if (!user.roles.includes("farmer") && user.actingFarmId === null) return { isFarmer: false as const };
  const { farm } = await requireSeller(request);
  const counts = farm ? await countSellerListings(farm.id) : null;
  return { isFarmer: true as const, farm: farm && counts ? { name: farm.name, slug: farm.slug, verification: farm.verification } : null, counts };
}

// A buyer who wants to sell too: add the farmer role to the account.
export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const form = await readForm(request);
  if (form.get("intent") !== "become-farmer") throw Response.json({ message: "errors.form.tampered" }, { status: 400 });
  await addRole(user.id, "farmer");
  return redirect("/sell/farm");
}

export default function SellHome() {
  const t = useT();
  const data = useLoaderData<typeof loader>();
  if (!data.isFarmer) {
    return (
      <section className="narrow">
        <h1>{t("sell.startTitle")}</h1>
        <p>{t("sell.startLead")}</p>
        <Form method="post">
          <SubmitButton name="intent" value="become-farmer" className="button primary">
            {t("sell.startCta")}
          </SubmitButton>
        </Form>
      </section>
    );
  }
  if (!data.farm || !data.counts) return <NoFarm title={t("sell.title")} />;
  const { farm, counts } = data;
  return (
    <section>
      <h1>{t("sell.title")}</h1>
      <p>
        <Link to={`/farms/${farm.slug}`}>{farm.name}</Link> · {t(`verification.${farm.verification}`)} ·{" "}
        <Link to="/sell/farm">{t("sell.editFarm")}</Link>
      </p>
      <ul className="stat-list">
        {(["active", "draft", "paused", "sold_out"] as const).map((s) => (
          <li key={s}>
            <Link to={`/sell/listings?state=${s}`}>
              <strong>{counts[s]}</strong> {t(`states.${s}`)}
            </Link>
          </li>
        ))}
      </ul>
      <p className="actions">
        <Link to="/sell/listings/new" className="button primary">
          {t("sell.newListing")}
        </Link>
        <Link to="/sell/listings" className="button">
          {t("sell.allListings")}
        </Link>
        <Link to="/sell/payouts" className="button">
          {t("payouts.title")}
        </Link>
        <Link to="/sell/requests" className="button">
          {t("rfq.requestLink")}
        </Link>
      </p>
    </section>
  );
}
