// How much this run covers. `npm test` (CI) runs everything. `npm run test:fast` sets
// FRISKPULS_TEST_SCOPE=fast: cases that start `friskpuls` child processes (each one a second or
// more of tsx and Prisma start-up) or import the 10,000-person org are left to the full run; the
// same code is covered in process by their neighbours. Mark such a case `it.skipIf(INNER_LOOP)`.
export const INNER_LOOP = process.env.FRISKPULS_TEST_SCOPE === "fast";
