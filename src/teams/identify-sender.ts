// Who is talking to the bot: the person in the org data (by Entra object id, else e-mail/UPN
// asked from Teams), with roles read from the database, never from the activity.
import { TeamsInfo, type TurnContext } from "botbuilder";
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

export async function identifySender(ctx: TurnContext, deps: BotDeps): Promise<Sender> {
  const who = await identifyPerson(ctx, deps);
  const roles = who.person ? await listActiveRoles(deps.db, who.person.id) : [];
  return { ...who, roles };
}

/**
 * The person without their roles, for actions authorised by what they act on rather than by role
 * (a pulse answer: the person must be a recipient of that pulse). One query fewer on the busiest path.
 */
export async function identifyPerson(ctx: TurnContext, deps: BotDeps): Promise<Identity> {
  const from = ctx.activity.from;
  let person = await findPersonByAadObjectId(deps.db, from?.aadObjectId);
  if (!person && from?.id) person = await findPersonByEmail(deps.db, await askTeamsForEmails(ctx, from.id, deps));
  const locale = normalizeLocale(person?.locale ?? ctx.activity.locale, deps.defaultLocale);
  return { person, locale };
}

async function askTeamsForEmails(ctx: TurnContext, userId: string, deps: BotDeps): Promise<string[]> {
  try {
    const member = await TeamsInfo.getMember(ctx, userId);
    return [member.email, member.userPrincipalName].filter((v): v is string => !!v);
  } catch (error) {
    deps.logger.debug({ event: "teams.get_member_failed", status: (error as { statusCode?: number }).statusCode }, "could not read member");
    return [];
  }
}
