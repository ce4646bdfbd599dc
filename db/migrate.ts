/**
 * Runs db/migrations with kysely's Migrator. The provider is our own because kysely's
 * FileMigrationProvider does its import() from inside node_modules, which cannot load .ts
 * files under vitest; an import() from project code works under tsx and vitest alike.
 */
import { readdir } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Kysely } from "kysely";
import { Migrator, type Migration, type MigrationProvider } from "kysely/migration";

const migrationsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), "migrations");

class ProjectMigrationProvider implements MigrationProvider {
  private readonly folder: string;

  constructor(folder: string) {
    this.folder = folder;
  }

  async getMigrations(): Promise<Record<string, Migration>> {
    const migrationsDir = this.folder;
    const files = (await readdir(migrationsDir)).filter((f) => /^\d{4}_.+\.ts$/.test(f)).sort();
    const migrations: Record<string, Migration> = {};
    for (const file of files) {
      const mod = (await import(path.join(migrationsDir, file))) as Migration;
      migrations[file.replace(/\.ts$/, "")] = mod;
    }
    return migrations;
  }
}

/**
 * `folder` is db/migrations, found from this file; server.ts names it, since compiled into
 * dist/server.js this file no longer sits beside it.
 */
export async function migrateToLatest(db: Kysely<any>, folder = migrationsDir): Promise<string[]> {
  const migrator = new Migrator({ db, provider: new ProjectMigrationProvider(folder) });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === "Error");
  if (error || failed) {
    const name = failed ? ` (${failed.migrationName})` : "";
    throw new Error(`Migration failed${name}: ${String(error)}`, { cause: error });
  }
  return (results ?? []).map((r) => r.migrationName);
}
