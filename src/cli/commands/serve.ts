import type { Command } from "commander";
import pino from "pino";
import { loadConfig } from "../../config.js";
import { createLogger, errorForLog } from "../../logger.js";
import { startFriskpuls } from "../../main.js";

export function registerServe(program: Command): void {
  program
    .command("serve")
    .description("migrate the database and start the bot server (npm start)")
    .action(async () => {
      const config = loadConfig();
      // Written off the event loop (a line or two per request; a synchronous write each was 5 % of
      // the server's CPU under load, issue 8), and gathered into writes of 4 KB or one a second:
      // one write per line was still 8 % of an answer's CPU (issue 22). pino flushes what is
      // pending when the process exits; warnings and errors go out at once (an operator watching
      // the start, or a crash right after, must not miss them).
      const logger = createLogger(config.logLevel, flushingWarnings(pino.destination({ dest: 1, sync: false, minLength: 4096, periodicFlush: 1000 })));
      const running = await startFriskpuls(config, { logger });
      await new Promise<void>((resolve) => {
        const shutdown = (signal: string) => {
          logger.info({ event: "shutdown", signal, boundMs: config.shutdownTimeoutMs }, "draining");
          // The bound: a send hanging on Teams must not keep the process (and a rolling restart) waiting.
          setTimeout(() => {
            logger.warn({ event: "shutdown.timeout", boundMs: config.shutdownTimeoutMs }, "drain took too long; exiting");
            process.exit(1);
          }, config.shutdownTimeoutMs).unref();
          void running.stop().then(resolve, (error: unknown) => {
            logger.error({ event: "shutdown.error", err: errorForLog(error) }, "stopping failed");
            process.exit(1);
          });
        };
        process.once("SIGTERM", () => shutdown("SIGTERM"));
        process.once("SIGINT", () => shutdown("SIGINT"));
      });
    });
}

const WARN_OR_WORSE = /^\{"level":([4-9]\d)\b/;

/** Buffered lines, except that a warning or error flushes the buffer with it. */
function flushingWarnings(stream: ReturnType<typeof pino.destination>): pino.DestinationStream {
  return {
    write(line: string) {
      stream.write(line);
      if (WARN_OR_WORSE.test(line)) stream.flush();
    },
  };
}
