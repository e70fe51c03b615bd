// Injected time: domain code asks the clock, never `new Date()`, so tests can travel in time.
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export function fixedClock(at: Date | string): Clock {
  const time = new Date(at);
  return { now: () => new Date(time) };
}

/** Real time, shifted so that it reads `startAt` now: time travel that still advances (CLI --now). */
export function offsetClock(startAt: Date, base: Clock = systemClock): Clock {
  const offset = startAt.getTime() - base.now().getTime();
  return { now: () => new Date(base.now().getTime() + offset) };
}
