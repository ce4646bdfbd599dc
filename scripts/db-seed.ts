// npm run db:seed — the demo municipality and its demo users (safe to run again).
import { parseEnv } from "../app/lib/env.server";
import { migrateToLatest } from "../db/migrate";
import { DEMO_PASSWORD, seedDemo } from "./seed/seed";
import { withDatabase } from "./with-database";

const result = await withDatabase(async (db) => {
  await migrateToLatest(db);
  return seedDemo(db, { history: parseEnv(process.env).SEED_HISTORY });
});
console.log(
  `Demo data in place: ${result.schools} schools, ${result.users} users (password ${DEMO_PASSWORD}).`,
);
