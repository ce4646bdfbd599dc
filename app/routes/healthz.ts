import { sql } from "kysely";
import { db } from "~db/client.server";
import { logger } from "~/lib/logger.server";

// For load balancers and CI: 200 when the database answers, 503 when it does not.
export async function loader() {
  try {
    await sql`select 1`.execute(db);
    return Response.json({ status: "ok" }, { headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    logger.warn({ err: error }, "health check: database unavailable");
    return Response.json(
      { status: "unavailable", database: "unreachable" },
      { status: 503, headers: { "Cache-Control": "no-store" } },
    );
  }
}
