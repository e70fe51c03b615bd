// Who is talking to the bot: the person in the org data (by Entra object id, else e-mail/UPN
// asked from Teams), with roles read from the database, never from the activity.
import { findPersonByAadObjectId, findPersonByEmail, listActiveRoles, type PersonMatch } from "../domain/org/find-person.js";
import type { Role } from "../domain/org/roles.js";
import { normalizeLocale, type Locale } from "../i18n/index.js";
import type { BotDeps } from "./bot-deps.js";

export interface Identity {
  person: PersonMatch | null;
  locale: Locale;
}

export interface Sender extends Identity {
  roles: Role[];
}

/** What identifying a sender needs of the turn (turn-context.ts provides it from the activity). */
export interface SenderFacts {
  from: { id: string; aadObjectId: string | undefined };
  locale: string | undefined;
  /** Teams' e-mail and UPN of the sender (a call to Teams): only when the Entra id matched nobody. */
  memberEmails(): Promise<string[]>;
}

export async function identifySender(facts: SenderFacts, deps: BotDeps): Promise<Sender> {
  return withRoles(await identifyPerson(facts, deps), deps);
}

/** The identified person's active roles, from the database. */
export async function withRoles(who: Identity, deps: BotDeps): Promise<Sender> {
  const roles = who.person ? await listActiveRoles(deps.db, who.person.id) : [];
  return { ...who, roles };
}

/**
 * The person without their roles, for actions authorised by what they act on rather than by role
 * (a pulse answer: the person must be a recipient of that pulse). One query fewer on the busiest path.
 */
export async function identifyPerson(
  facts: SenderFacts,
  deps: BotDeps,
  /** The lookup by Entra object id when it was started already (beside the replay claim). */
  byAadObjectId: Promise<PersonMatch | null> = findPersonByAadObjectId(deps.db, facts.from.aadObjectId),
): Promise<Identity> {
  const { from } = facts;
  let person = await byAadObjectId;
  if (!person && from.id) person = await findPersonByEmail(deps.db, await facts.memberEmails());
  const locale = normalizeLocale(person?.locale ?? facts.locale, deps.defaultLocale);
  return { person, locale };
}
