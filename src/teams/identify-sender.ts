// Who is talking to the bot: the person in the org data (by Entra object id, else e-mail/UPN
// asked from Teams), with roles read from the database, never from the activity.
import { TeamsInfo, type TurnContext } from "botbuilder";
import { findPersonByAadObjectId, findPersonByEmail, listActiveRoles, type PersonMatch } from "../domain/org/find-person.js";
import type { Role } from "../domain/org/roles.js";
import { normalizeLocale, type Locale } from "../i18n/index.js";
import type { BotDeps } from "./bot-deps.js";

export interface Sender {
  person: PersonMatch | null;
  roles: Role[];
  locale: Locale;
}

export async function identifySender(ctx: TurnContext, deps: BotDeps): Promise<Sender> {
  const from = ctx.activity.from;
  let person = await findPersonByAadObjectId(deps.db, from?.aadObjectId);
  if (!person && from?.id) person = await findPersonByEmail(deps.db, await askTeamsForEmails(ctx, from.id, deps));
  const roles = person ? await listActiveRoles(deps.db, person.id) : [];
  const locale = normalizeLocale(person?.locale ?? ctx.activity.locale, deps.defaultLocale);
  return { person, roles, locale };
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
