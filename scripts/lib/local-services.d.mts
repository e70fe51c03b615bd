// Types for local-services.mjs, for TypeScript callers (bench/tab.ts).
import type { Browser } from "playwright-core";

export function findChromiumOrExit(): string;
export function launchChromium(executablePath: string): Promise<Browser>;
export function waitFor(check: () => unknown, timeoutMs?: number, why?: () => string): Promise<void>;
export function freePort(): Promise<number>;
