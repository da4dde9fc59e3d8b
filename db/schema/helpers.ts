import { sql } from "drizzle-orm";
import {
  bigint,
  check,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { farms } from "./farms";
import { photos } from "./photos";
import { communes, provinces } from "./places";
import { users } from "./users";

/**
 * Who may act for a farm besides its owner (farms.owner_id, the household
 * itself). Decision 024: a co-op member is a person of a co-operative (HTX)
 * who sells for a member household; a helper acts for a household only
 * through a consent (below), never through a row here.
 */
export const farmMemberRoleEnum = pgEnum("farm_member_role", ["coop_member"]);

export const farmMembers = pgTable(
  "farm_members",
  {
    farmId: integer("farm_id")
      .notNull()
      .references(() => farms.id, { onDelete: "cascade" }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    role: farmMemberRoleEnum("role").notNull(),
    addedBy: integer("added_by").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.farmId, t.userId] }), index("farm_members_user_idx").on(t.userId)],
);

/** A community digital-technology team (tổ công nghệ số cộng đồng) of one commune. */
export const teams = pgTable(
  "teams",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    name: text("name").notNull(),
    provinceCode: text("province_code")
      .notNull()
      .references(() => provinces.code),
    communeCode: text("commune_code")
      .notNull()
      .references(() => communes.code),
    createdBy: integer("created_by").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("teams_commune_idx").on(t.communeCode)],
);

export const teamMembers = pgTable(
  "team_members",
  {
    teamId: integer("team_id")
      .notNull()
      .references(() => teams.id, { onDelete: "cascade" }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    joinedAt: timestamp("joined_at", { withTimezone: true }).notNull().defaultNow(),
    // A helper who leaves keeps the row (the audit trail names them); access ends with it.
    removedAt: timestamp("removed_at", { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.teamId, t.userId] }), index("team_members_user_idx").on(t.userId)],
);

/** An invitation link to join a team: the link carries a token, the table its SHA-256. */
export const teamInvites = pgTable(
  "team_invites",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    teamId: integer("team_id")
      .notNull()
      .references(() => teams.id, { onDelete: "cascade" }),
    tokenHash: text("token_hash").notNull(),
    createdBy: integer("created_by").references(() => users.id),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    usedBy: integer("used_by").references(() => users.id),
    usedAt: timestamp("used_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("team_invites_token_key").on(t.tokenHash)],
);

export const consentScopeEnum = pgEnum("consent_scope", ["listings", "orders"]);
export const consentMethodEnum = pgEnum("consent_method", ["code", "paper"]);

/**
 * A household's consent for a team's helpers to act for its farm: a scope
 * (never the payout account, password or phone number: those are not scopes
 * at all), a start, an expiry, and a withdrawal by the household or an
 * operator. Access is decided from this row on every request.
 */
export const consents = pgTable(
  "consents",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    farmId: integer("farm_id")
      .notNull()
      .references(() => farms.id, { onDelete: "cascade" }),
    teamId: integer("team_id")
      .notNull()
      .references(() => teams.id),
    scopes: consentScopeEnum("scopes").array().notNull(),
    method: consentMethodEnum("method").notNull(),
    // The signed paper form, photographed (method "paper"): that photo is this consent's only.
    paperPhotoId: uuid("paper_photo_id")
      .unique("consents_paper_photo_key")
      .references(() => photos.id),
    recordedBy: integer("recorded_by")
      .notNull()
      .references(() => users.id),
    // Null until the household confirmed (the code) or the paper was uploaded.
    grantedAt: timestamp("granted_at", { withTimezone: true }),
    expiresAt: timestamp("expires_at", { withTimezone: true }),
    withdrawnAt: timestamp("withdrawn_at", { withTimezone: true }),
    withdrawnBy: integer("withdrawn_by").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("consents_farm_idx").on(t.farmId),
    index("consents_team_idx").on(t.teamId),
    check("consents_scopes_nonempty", sql`cardinality(${t.scopes}) > 0`),
    check("consents_granted_expires", sql`(${t.grantedAt} is null) = (${t.expiresAt} is null)`),
  ],
);

/**
 * The audit trail: who did what, for whom, before → after. Append-only in
 * the database (a trigger refuses UPDATE, DELETE and TRUNCATE, migration
 * 0013): the app cannot rewrite what it recorded.
 */
export const auditEvents = pgTable(
  "audit_events",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
    actorId: integer("actor_id").references(() => users.id),
    // The farm the actor acted for, when acting for a household.
    onBehalfOfFarmId: integer("on_behalf_of_farm_id").references(() => farms.id),
    // The farm whose activity page shows the event.
    farmId: integer("farm_id").references(() => farms.id),
    action: text("action").notNull(),
    subjectType: text("subject_type").notNull(),
    subjectId: text("subject_id").notNull(),
    before: jsonb("before"),
    after: jsonb("after"),
  },
  (t) => [index("audit_events_farm_idx").on(t.farmId, t.id), index("audit_events_actor_idx").on(t.actorId, t.id)],
);

