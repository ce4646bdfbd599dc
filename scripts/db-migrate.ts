// npm run db:migrate — brings the database up to the newest migration in db/migrations.
import { migrateToLatest } from "../db/migrate";
import { withDatabase } from "./with-database";

const applied = await withDatabase(migrateToLatest);
console.log(applied.length ? `Applied: ${applied.join(", ")}` : "The database is up to date.");
