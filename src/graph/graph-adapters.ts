// The reach ports over Microsoft Graph v1.0. Paths, filters and permissions: docs/graph.md.
import { z } from "zod/v4";
import {
  DeltaExpiredError,
  type AppInstaller,
  type DeltaPage,
  type DeltaUser,
  type EntraDelta,
  type EntraDirectory,
  type EntraUser,
  type InstallOutcome,
} from "../domain/reach/entra-ports.js";
import { GraphUnavailableError, type GraphClient, type GraphResponse } from "./graph-client.js";

const USER_FIELDS = "id,displayName,mail,userPrincipalName,otherMails,accountEnabled";
/** Graph limits an `in` list; 15 values per list stays within every documented limit. */
const ADDRESSES_PER_LOOKUP = 15;
// Advanced query capabilities (in, any on otherMails) want eventual consistency and $count.
const ADVANCED = { headers: { ConsistencyLevel: "eventual" }, query: { $count: "true" } } as const;

const UserSchema = z.object({
  id: z.string().min(1),
  displayName: z.string().nullish(),
  mail: z.string().nullish(),
  userPrincipalName: z.string().nullish(),
  otherMails: z.array(z.string()).nullish(),
  accountEnabled: z.boolean().nullish(),
});

/** OData string literal: a quote is doubled (o'brien@ must not end the literal). */
export const odataString = (value: string) => `'${value.replaceAll("'", "''")}'`;

export function createGraphDirectory(graph: GraphClient): EntraDirectory {
  const listUsers = async (filter: string): Promise<EntraUser[]> => {
    const users: EntraUser[] = [];
    for await (const page of graph.pages({ path: "/users", headers: ADVANCED.headers, query: { ...ADVANCED.query, $filter: filter, $select: USER_FIELDS } })) {
      expectOk(page, "user lookup");
      users.push(...readValues(page).map(toEntraUser));
    }
    return users;
  };
  return {
    addressesPerLookup: ADDRESSES_PER_LOOKUP,
    async findUsersByPrimaryAddress(emails) {
      if (emails.length === 0) return [];
      const list = emails.map(odataString).join(",");
      return listUsers(`mail in (${list}) or userPrincipalName in (${list})`);
    },
    async findUsersByOtherMail(email) {
      return listUsers(`otherMails/any(x:x eq ${odataString(email)})`);
    },
  };
}

export function createGraphInstaller(graph: GraphClient, manifestId: string | undefined, knownCatalogId: string | undefined): AppInstaller {
  let catalogId: string | null | undefined = knownCatalogId;
  return {
    async catalogAppId() {
      if (catalogId !== undefined) return catalogId;
      if (!manifestId) return (catalogId = null);
      const res = await graph.request({
        path: "/appCatalogs/teamsApps",
        query: { $filter: `externalId eq ${odataString(manifestId)}`, $select: "id,externalId,distributionMethod" },
      });
      expectOk(res, "catalogue lookup");
      const apps = readValues(res).map((v) => z.object({ id: z.string(), distributionMethod: z.string().nullish() }).parse(v));
      // The organisation's own upload wins over a store listing with the same manifest id.
      const chosen = apps.find((a) => a.distributionMethod === "organization") ?? apps[0];
      catalogId = chosen?.id ?? null;
      return catalogId;
    },
    async install(userId, appId): Promise<InstallOutcome> {
      const res = await graph.request({
        method: "POST",
        path: `/users/${encodeURIComponent(userId)}/teamwork/installedApps`,
        body: { "teamsApp@odata.bind": `https://graph.microsoft.com/v1.0/appCatalogs/teamsApps/${appId}` },
      });
      if (res.status === 201 || res.status === 200 || res.status === 204) return "installed";
      if (res.status === 409) return "alreadyInstalled";
      if (res.status === 404) return "userNotFound";
      return { refused: res.status };
    },
    async isInstalled(userId, appId) {
      const res = await graph.request({
        path: `/users/${encodeURIComponent(userId)}/teamwork/installedApps`,
        query: { $expand: "teamsApp", $filter: `teamsApp/id eq ${odataString(appId)}` },
      });
      if (res.status === 404) return "userNotFound";
      expectOk(res, "installed apps");
      return readValues(res).length > 0;
    },
  };
}

export function createGraphDelta(graph: GraphClient): EntraDelta {
  return {
    async *pages(deltaLink) {
      const first = deltaLink ? { path: deltaLink } : { path: "/users/delta", query: { $select: "id,displayName,mail,userPrincipalName,department,manager" } };
      for await (const page of graph.pages(first)) {
        // 410 Gone: the delta link expired; the caller starts over without it.
        if (page.status === 410) throw new DeltaExpiredError();
        expectOk(page, "users delta");
        const link = page.body["@odata.deltaLink"];
        const result: DeltaPage = { users: readValues(page).map(toDeltaUser) };
        if (typeof link === "string") result.deltaLink = link;
        yield result;
      }
    },
  };
}

function toEntraUser(value: unknown): EntraUser {
  const u = UserSchema.parse(value);
  return {
    id: u.id.toLowerCase(),
    displayName: u.displayName ?? null,
    mail: u.mail?.toLowerCase() ?? null,
    userPrincipalName: u.userPrincipalName?.toLowerCase() ?? null,
    otherMails: (u.otherMails ?? []).map((m) => m.toLowerCase()),
    accountEnabled: u.accountEnabled ?? null,
  };
}

const DeltaSchema = z.object({
  id: z.string().min(1),
  "@removed": z.object({ reason: z.string().optional() }).passthrough().optional(),
  displayName: z.string().nullish(),
  mail: z.string().nullish(),
  userPrincipalName: z.string().nullish(),
  department: z.string().nullish(),
  "manager@delta": z.array(z.object({ id: z.string(), "@removed": z.unknown().optional() }).passthrough()).optional(),
});

function toDeltaUser(value: unknown): DeltaUser {
  const u = DeltaSchema.parse(value);
  const user: DeltaUser = { id: u.id.toLowerCase(), removed: u["@removed"] !== undefined };
  if (u.displayName !== undefined) user.displayName = u.displayName;
  if (u.mail !== undefined) user.mail = u.mail?.toLowerCase() ?? null;
  if (u.userPrincipalName !== undefined) user.userPrincipalName = u.userPrincipalName?.toLowerCase() ?? null;
  if (u.department !== undefined) user.department = u.department;
  const managers = u["manager@delta"];
  if (managers) {
    const current = managers.find((m) => m["@removed"] === undefined);
    user.managerId = current ? current.id.toLowerCase() : null;
  }
  return user;
}

function readValues(res: GraphResponse): unknown[] {
  const value = res.body.value;
  return Array.isArray(value) ? value : [];
}

function expectOk(res: GraphResponse, what: string): void {
  if (res.status >= 200 && res.status < 300) return;
  const error = res.body.error as { code?: unknown } | undefined;
  throw new GraphUnavailableError(`Graph ${what}: HTTP ${res.status}${typeof error?.code === "string" ? ` ${error.code}` : ""}`, res.status);
}
