/**
 * First-load JavaScript per page, gzip: what a browser fetches before a page is interactive.
 * Reads the client build that `npm run build` wrote to public/build (run that first) and prints,
 * for every page route, the gzip size of entry.client, root and the route's module with every
 * chunk they import, each counted once. With lazy route discovery on, the manifest file is not
 * loaded (the page inlines the routes it matched), so it is not counted.
 *
 *   tsx scripts/bench/first-load-js.ts           # table of every page route
 *   tsx scripts/bench/first-load-js.ts --check   # exit 1 if a page is over the budget
 *   tsx scripts/bench/first-load-js.ts --chunks /login   # that page's files, largest first
 *
 * Gzip at zlib's default level, as a proxy or CDN would send it. Standalone: no database, no server, nothing of the app is imported.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

/** Issue 15's target for every page. */
const BUDGET_KB = 120;

/** The pages the issue names: start pages, the login page and the busiest forms. */
const NAMED = new Set([
  "/login",
  "/skola",
  "/handlaggare",
  "/mottagning",
  "/ledning",
  "/admin",
  "/orosanmalan/ny",
  "/skolkort/:cardId",
  "/barn/nytt",
]);

type Route = { id: string; parentId?: string; path?: string; module: string; imports?: string[] };
type Manifest = {
  entry: { module: string; imports?: string[] };
  routes: Record<string, Route>;
};

const buildDir = join(process.cwd(), "public");
const manifestFile = readdirSync(join(buildDir, "build")).find((f) => /^manifest-.*\.js$/.test(f));
if (!manifestFile) {
  console.error("No public/build/manifest-*.js: run `npm run build` first.");
  process.exit(2);
}
const manifestSource = readFileSync(join(buildDir, "build", manifestFile), "utf8");
const holder: { __remixManifest?: Manifest } = {};
new Function("window", manifestSource)(holder);
const manifest = holder.__remixManifest!;

const source = new Map<string, string>();
function read(url: string) {
  let text = source.get(url);
  if (text === undefined) {
    text = readFileSync(join(buildDir, url), "utf8");
    source.set(url, text);
  }
  return text;
}
const gzipBytes = new Map<string, number>();
function gzipped(url: string) {
  let size = gzipBytes.get(url);
  if (size === undefined) {
    size = gzipSync(read(url)).length;
    gzipBytes.set(url, size);
  }
  return size;
}

/** Static imports of a built module (esbuild writes them minified: `import{b as o}from"/build/…"`). */
function staticImports(url: string): string[] {
  const found: string[] = [];
  for (const match of read(url).matchAll(
    /\b(?:import|export)\s*(?:[\w*{}\s,$]*?from\s*)?["']([^"']+\.js)["']/g,
  )) {
    const target = match[1]!;
    if (target.startsWith("/") || target.startsWith(".")) {
      found.push(new URL(target, `http://x${url}`).pathname);
    }
  }
  return found;
}

/** Everything the page loads: the manifest's lists, closed over the modules' own imports. */
function filesOf(routeIds: string[]) {
  const files = new Set<string>();
  const queue = [
    manifest.entry.module,
    ...(manifest.entry.imports ?? []),
    ...routeIds.flatMap((id) => [
      manifest.routes[id]!.module,
      ...(manifest.routes[id]!.imports ?? []),
    ]),
  ];
  while (queue.length > 0) {
    const url = queue.pop()!;
    if (files.has(url)) continue;
    files.add(url);
    queue.push(...staticImports(url));
  }
  return [...files];
}

function chainOf(id: string): string[] {
  const route = manifest.routes[id]!;
  return route.parentId ? [...chainOf(route.parentId), id] : [id];
}

function urlOf(id: string): string {
  const parts = chainOf(id)
    .map((r) => manifest.routes[r]!.path)
    .filter((p): p is string => !!p);
  return "/" + parts.join("/");
}

/** A resource route (CSV, PDF, /healthz) has no component, so no browser loads it as a page. */
function isPage(id: string) {
  const base = join(process.cwd(), "app", id);
  const file = [".tsx", ".ts", ".jsx", ".js"].map((ext) => base + ext).find((f) => existsSync(f));
  return file ? /^export default\b/m.test(readFileSync(file, "utf8")) : true;
}

const kb = (bytes: number) => (bytes / 1024).toFixed(1);

const pages = Object.keys(manifest.routes)
  .filter((id) => id !== "root" && isPage(id))
  .map((id) => {
    const files = filesOf(chainOf(id));
    return { id, url: urlOf(id), files, bytes: files.reduce((sum, f) => sum + gzipped(f), 0) };
  })
  .sort((a, b) => a.url.localeCompare(b.url));

const args = process.argv.slice(2);
const chunksFor = args.indexOf("--chunks");
if (chunksFor >= 0) {
  const wanted = args[chunksFor + 1];
  const page = pages.find((p) => p.url === wanted || p.id === wanted);
  if (!page) {
    console.error(`No page ${wanted}; give a URL pattern as listed, e.g. /skolkort/:cardId`);
    process.exit(2);
  }
  console.log(`${page.url} (${page.id}): ${kb(page.bytes)} KB gzip`);
  for (const file of [...page.files].sort((a, b) => gzipped(b) - gzipped(a))) {
    console.log(`${kb(gzipped(file)).padStart(7)} KB  ${file}`);
  }
  process.exit(0);
}

const width = Math.max(...pages.map((p) => p.url.length));
console.log(`First-load JS, gzip (budget ${BUDGET_KB} KB; "named" = a page issue 15 names)\n`);
console.log(`| ${"page".padEnd(width)} | named | gzip KB | files | budget |`);
console.log(`| ${"-".repeat(width)} | ----- | ------: | ----: | ------ |`);
for (const page of pages) {
  const named = NAMED.has(page.url) ? "yes" : "";
  const budget = page.bytes > BUDGET_KB * 1024 ? "over" : "ok";
  console.log(
    `| ${page.url.padEnd(width)} | ${named.padEnd(5)} | ${kb(page.bytes).padStart(7)} | ${String(page.files.length).padStart(5)} | ${budget.padEnd(6)} |`,
  );
}
const worst = pages.reduce((a, b) => (b.bytes > a.bytes ? b : a));
const over = pages.filter((p) => p.bytes > BUDGET_KB * 1024);
console.log(
  `\nLargest: ${worst.url} ${kb(worst.bytes)} KB; ${over.length} of ${pages.length} over budget.`,
);
if (args.includes("--check") && over.length > 0) process.exit(1);
