import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { NoFarm } from "~/components/no-farm";
import { useT } from "~/utils/use-t";
import { pageTitle } from "~/utils/meta";
import { countSellerListings } from "~/models/listing.server";
import { addRole } from "~/models/user.server";
import { requireUser } from "~/utils/session.server";
import { requireSeller } from "~/utils/actor.server";
import { farmsSoldFor } from "~/models/farm-members.server";
import { can } from "~/policy/policy";
import { readForm } from "~/utils/form.server";
import { SubmitButton } from "~/components/ui/submit-button";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "sell");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  // A co-op member sells for households from /sell/for.
  const sellsFor = (await farmsSoldFor(user.id)).length;
  if (!user.roles.includes("farmer") && user.actingFarmId === null) return { isFarmer: false as const, sellsFor };
  const { farm, actor, relation } = await requireSeller(request);
  const counts = farm ? await countSellerListings(farm.id) : null;
  // Only the links the policy would let through.
  const may = (action: "farm.edit" | "farm.payouts" | "farm.consent" | "farm.verify" | "review.reply" | "farm.integrations") => can(actor, action, { kind: "farm", relation });
  return {
    isFarmer: true as const,
    sellsFor,
    farm: farm && counts ? { name: farm.name, slug: farm.slug, verification: farm.verification } : null,
    counts,
    may: { edit: may("farm.edit"), payouts: may("farm.payouts"), consent: may("farm.consent"), verify: may("farm.verify"), reviews: may("review.reply"), integrations: may("farm.integrations") },
  };
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
        {data.sellsFor > 0 ? (
          <p>
            <Link to="/sell/for">{t("coopMembers.sellForLink")}</Link>
          </p>
        ) : null}
      </section>
    );
  }
  if (!data.farm || !data.counts) return <NoFarm title={t("sell.title")} />;
  const { farm, counts, may, sellsFor } = data;
  return (
    <section>
      <h1>{t("sell.title")}</h1>
      <p>
        <Link to={`/farms/${farm.slug}`}>{farm.name}</Link> ·{" "}
        {may.verify ? <Link to="/sell/verification">{t(`verification.${farm.verification}`)}</Link> : t(`verification.${farm.verification}`)}
        {may.edit ? (
          <>
            {" · "}
            <Link to="/sell/farm">{t("sell.editFarm")}</Link>
          </>
        ) : null}
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
        {may.payouts ? (
          <Link to="/sell/payouts" className="button">
            {t("payouts.title")}
          </Link>
        ) : null}
        <Link to="/sell/requests" className="button">
          {t("rfq.requestLink")}
        </Link>
        <Link to="/sell/lots" className="button">
          {t("meta.sellLots")}
        </Link>
      </p>
      <p className="actions">
        <Link to="/sell/activity">{t("activity.title")}</Link>
        {may.reviews ? <Link to="/sell/reviews">{t("meta.sellReviews")}</Link> : null}
        {may.consent ? <Link to="/sell/consent">{t("meta.consents")}</Link> : null}
        {may.consent ? <Link to="/sell/members">{t("coopMembers.membersLink")}</Link> : null}
        {may.integrations ? <Link to="/sell/webhooks">{t("webhooks.manage")}</Link> : null}
        {may.integrations ? <Link to="/sell/api">{t("apiTokens.title")}</Link> : null}
        {sellsFor > 0 ? <Link to="/sell/for">{t("coopMembers.sellForLink")}</Link> : null}
      </p>
    </section>
  );
}
