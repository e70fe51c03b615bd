// What the reach domain needs from Entra and Teams, implemented over Microsoft Graph in src/graph.
// The domain never speaks HTTP: these ports are how it asks.

export interface EntraUser {
  id: string;
  displayName: string | null;
  mail: string | null;
  userPrincipalName: string | null;
  otherMails: string[];
  /** false for disabled accounts: they cannot use Teams, so they are never a match. */
  accountEnabled: boolean | null;
}

export interface EntraDirectory {
  /** Users whose mail or userPrincipalName is one of these addresses (lower case). */
  findUsersByPrimaryAddress(emails: string[]): Promise<EntraUser[]>;
  /** Users listing this address among their other e-mail addresses. */
  findUsersByOtherMail(email: string): Promise<EntraUser[]>;
  /** How many addresses one findUsersByPrimaryAddress call takes. */
  readonly addressesPerLookup: number;
}

export type InstallOutcome = "installed" | "alreadyInstalled" | "userNotFound" | { refused: number };

export interface AppInstaller {
  /** The app's id in the organisation catalogue (looked up by the manifest id once). */
  catalogAppId(): Promise<string | null>;
  install(userId: string, catalogAppId: string): Promise<InstallOutcome>;
  /** Whether the app is installed for the user: after a kill between claim and answer. */
  isInstalled(userId: string, catalogAppId: string): Promise<boolean | "userNotFound">;
}

export interface DeltaUser {
  id: string;
  removed: boolean;
  displayName?: string | null;
  mail?: string | null;
  userPrincipalName?: string | null;
  department?: string | null;
  /** Set when the delta carried a manager change: the new manager's id, or null when removed. */
  managerId?: string | null;
}

export interface DeltaPage {
  users: DeltaUser[];
  /** On the last page: the link for the next sync. */
  deltaLink?: string;
}

export interface EntraDelta {
  /** Pages from the start (no link) or from a stored delta link. */
  pages(deltaLink: string | undefined): AsyncGenerator<DeltaPage>;
}

/** The stored delta link is no longer valid (Graph answered 410): sync again from the start. */
export class DeltaExpiredError extends Error {
  constructor() {
    super("the users delta link expired (410): a full sync is needed");
    this.name = "DeltaExpiredError";
  }
}
