// The Microsoft 365 Agents Playground as a test double for Teams: a real emulator process whose
// REST API plays the user (install, messages, card actions) and whose WebSocket stream carries
// every message the bot sends (TEAMS-NOTES.md, "Agents Playground").
import { spawn, type ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import WebSocket from "ws";
import { PROJECT_ROOT } from "../../src/project-root.js";

export interface PlaygroundMessage {
  action: string;
  conversationId: string;
  messageId: string;
  text?: string;
  attachments: { contentType: string; content: any }[];
}

export interface Playground {
  url: string;
  personalChatId: string;
  messages: PlaygroundMessage[];
  /** The personal-scope install the Teams client sends when the user adds the app. */
  install(): Promise<void>;
  say(text: string): Promise<void>;
  /** Presses an Action.Execute button on a card the bot sent. */
  execute(replyToId: string, verb: string, data: Record<string, unknown>): Promise<{ statusCode: number; body: any }>;
  waitForMessage(predicate: (m: PlaygroundMessage) => boolean, timeoutMs?: number): Promise<PlaygroundMessage>;
  stop(): Promise<void>;
}

export async function startPlayground(appEndpoint: string): Promise<Playground> {
  const port = await freePort();
  const logDir = mkdtempSync(join(tmpdir(), "friskpuls-playground-"));
  const cli = createRequire(import.meta.url).resolve("@microsoft/m365agentsplayground/cli.js");
  const child: ChildProcess = spawn(process.execPath, [cli, "-e", appEndpoint, "-c", "msteams", "-p", String(port), "--disable-telemetry"], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, TEAMSAPPTESTER_BROWSER: "none", M365_AGENTS_PLAYGROUND_LOGFILE: join(logDir, "playground.log") },
    stdio: ["ignore", "pipe", "pipe"],
  });
  await new Promise<void>((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (d) => {
      out += d;
      if (out.includes(`Listening on ${port}`)) resolve();
    });
    child.once("exit", (code) => reject(new Error(`Agents Playground exited with ${code} (log: ${logDir})`)));
  });
  const url = `http://127.0.0.1:${port}`;
  const config = (await (await fetch(`${url}/_internal/v1/config`)).json()) as { config: { personalChat: { id: string }; currentUser: { id: string } } };
  const personalChatId = config.config.personalChat.id;
  const userId = config.config.currentUser.id;

  const messages: PlaygroundMessage[] = [];
  const waiters = new Set<() => void>();
  const socket = new WebSocket(`ws://127.0.0.1:${port}/_ws_conversation/v1/conversations/stream`);
  socket.on("message", (raw) => {
    const event = JSON.parse(String(raw)) as { action: string; actionConversationId: string; message?: any };
    if (!event.message) return;
    messages.push({
      action: event.action,
      conversationId: event.actionConversationId,
      messageId: String(event.message.messageId ?? event.message.id),
      text: event.message.text,
      attachments: event.message.attachments ?? [],
    });
    waiters.forEach((wake) => wake());
  });
  await new Promise((resolve, reject) => socket.once("open", resolve).once("error", reject));

  const post = async (path: string, body: unknown) => {
    const res = await fetch(`${url}${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    const text = await res.text();
    if (!res.ok) throw new Error(`Playground ${path}: ${res.status} ${text}`);
    return { statusCode: res.status, body: text ? JSON.parse(text) : undefined };
  };

  return {
    url,
    personalChatId,
    messages,
    async install() {
      const template = await (await fetch(`${url}/_internal/v1/customActivities/template?conversationId=${personalChatId}&type=botAdded`)).json();
      await post("/_internal/v1/customActivities", template);
    },
    async say(text) {
      await post(`/_conversation/v1/conversations/${personalChatId}/messages`, { from: { id: userId }, text, textFormat: "plain" });
    },
    async execute(replyToId, verb, data) {
      return post("/_conversation/v1/invoke", {
        name: "adaptiveCard/action",
        from: { id: userId },
        conversation: { id: personalChatId },
        replyToId,
        value: { action: { type: "Action.Execute", verb, data }, trigger: "manual" },
      });
    },
    waitForMessage(predicate, timeoutMs = 15_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = messages.find(predicate);
          if (!found) return;
          cleanup();
          resolve(found);
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`no matching Playground message in ${timeoutMs} ms; got: ${JSON.stringify(messages).slice(0, 2000)}`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
    async stop() {
      socket.close();
      child.kill("SIGTERM");
      await new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once("exit", resolve)));
      rmSync(logDir, { recursive: true, force: true });
    },
  };
}

/** Text of every TextBlock/FactSet in a card, for assertions. */
export function cardText(card: any): string {
  const parts: string[] = [];
  const walk = (node: any) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== "object") return;
    if (typeof node.text === "string") parts.push(node.text);
    if (typeof node.title === "string") parts.push(node.title);
    if (typeof node.value === "string" && node.type === "Fact") parts.push(node.value);
    Object.values(node).forEach(walk);
  };
  walk(card);
  return parts.join("\n");
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}
