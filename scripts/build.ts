/**
 * The production build: `remix build` (build/ for the server, public/build/ for the browser),
 * then server.ts compiled with esbuild to plain JavaScript in dist/ (server.js, and the demo
 * seed in a chunk of its own that is loaded only to seed), so that `npm start` runs the portal
 * on Node without a TypeScript loader. Packages stay in node_modules; only the project's own
 * code is bundled. Run by Node itself (no loader): this file uses only erasable TypeScript.
 *
 *   node scripts/build.ts              build (npm run build)
 *   node scripts/build.ts --if-stale   build only if a source is newer than the last build, or
 *                                      an output is missing (npm start)
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import path from "node:path";
import { build } from "esbuild";

const root = path.resolve(import.meta.dirname, "..");
const dist = path.join(root, "dist");
/** Written when a build has finished, with the time it began. */
const stamp = path.join(dist, "built-at");

/** What either build reads: a change to any of them makes the build stale. */
const SOURCES = [
  "app",
  "db",
  "emails",
  "scripts/seed",
  "server.ts",
  "remix.config.js",
  "tsconfig.json",
  "package.json",
  "package-lock.json",
  "patches",
];
const OUTPUTS = ["build/index.js", "public/build", "dist/server.js", "dist/built-at"];

/** The newest modification time under `target` (a file or a folder, walked whole). */
function newest(target: string): number {
  if (!existsSync(target)) return 0;
  const stats = statSync(target);
  if (!stats.isDirectory()) return stats.mtimeMs;
  let latest = stats.mtimeMs;
  for (const entry of readdirSync(target, { recursive: true, encoding: "utf8" })) {
    latest = Math.max(latest, statSync(path.join(target, entry)).mtimeMs);
  }
  return latest;
}

function isCurrent(): boolean {
  if (!OUTPUTS.every((output) => existsSync(path.join(root, output)))) return false;
  const builtAt = statSync(stamp).mtimeMs;
  return SOURCES.every((source) => newest(path.join(root, source)) <= builtAt);
}

async function buildAll() {
  // The stamp gets the time the build began: a source saved while it ran counts as newer.
  const began = new Date();
  const remix = spawnSync(
    process.execPath,
    [path.join(root, "node_modules", "@remix-run", "dev", "dist", "cli.js"), "build"],
    { cwd: root, stdio: "inherit" },
  );
  if (remix.status !== 0) process.exit(remix.status ?? 1);

  const started = Date.now();
  rmSync(dist, { recursive: true, force: true });
  await build({
    absWorkingDir: root,
    entryPoints: { server: "server.ts" },
    outdir: dist,
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node24",
    sourcemap: true,
    logLevel: "warning",
    plugins: [
      {
        // Every package (and node:*) is imported from node_modules at run time, as under tsx;
        // `~/` and `~db/` are the project's own (tsconfig paths) and are bundled.
        name: "packages-external",
        setup(esbuild) {
          esbuild.onResolve({ filter: /^[^./~]/ }, (args) => ({ path: args.path, external: true }));
        },
      },
    ],
  });
  writeFileSync(stamp, `${began.toISOString()}\n`);
  utimesSync(stamp, began, began);
  process.stdout.write(`[info] server compiled to dist/ (${Date.now() - started} ms)\n`);
}

if (process.argv.includes("--if-stale") && isCurrent()) {
  process.stdout.write("[info] build is current: not rebuilt\n");
} else {
  await buildAll();
}
