/**
 * The route boundary's one handler for a module's refusals: applied to a build, every loader and
 * action answers 404 for a module's refusal and passes everything else through untouched.
 */
import type { ServerBuild } from "@remix-run/node";
import { describe, expect, it } from "vitest";
import { answerRefusalsInRoutes, NotFoundError } from "~/lib/not-found.server";

type Route = ServerBuild["routes"][string];

function buildWith(modules: Record<string, Partial<Route["module"]>>): ServerBuild {
  const routes: ServerBuild["routes"] = {};
  for (const [id, module] of Object.entries(modules)) {
    routes[id] = { id, path: id, module: module as Route["module"] };
  }
  return { routes } as unknown as ServerBuild;
}

async function thrownBy(work: () => unknown): Promise<unknown> {
  try {
    await work();
  } catch (error) {
    return error;
  }
  throw new Error("nothing was thrown");
}

const args = {} as never;

function moduleOf(build: ServerBuild, id: string): Route["module"] {
  const route = build.routes[id];
  if (!route) throw new Error(`no route ${id}`);
  return route.module;
}

describe("answerRefusalsInRoutes", () => {
  it("turns a loader's and an action's NotFoundError into the 404 page", async () => {
    const refuse = async () => {
      throw new NotFoundError();
    };
    const build = answerRefusalsInRoutes(buildWith({ child: { loader: refuse, action: refuse } }));
    for (const handler of [moduleOf(build, "child").loader, moduleOf(build, "child").action]) {
      const answer = await thrownBy(() => handler!(args));
      expect(answer).toBeInstanceOf(Response);
      expect((answer as Response).status).toBe(404);
      expect(await (answer as Response).text()).toBe("Finns inte");
    }
  });

  it("passes results, other errors and thrown responses through unchanged", async () => {
    const bug = new Error("a bug stays a bug");
    const redirect = new Response(null, { status: 302, headers: { Location: "/login" } });
    const build = answerRefusalsInRoutes(
      buildWith({
        ok: { loader: async () => ({ rows: 3 }) },
        bug: {
          loader: async () => {
            throw bug;
          },
        },
        redirect: {
          action: async () => {
            throw redirect;
          },
        },
      }),
    );
    expect(await moduleOf(build, "ok").loader!(args)).toEqual({ rows: 3 });
    expect(await thrownBy(() => moduleOf(build, "bug").loader!(args))).toBe(bug);
    expect(await thrownBy(() => moduleOf(build, "redirect").action!(args))).toBe(redirect);
  });

  it("keeps a route without a loader or action without one, and its other exports", () => {
    const Page = () => null;
    const build = answerRefusalsInRoutes(buildWith({ page: { default: Page } }));
    expect(moduleOf(build, "page").loader).toBeUndefined();
    expect(moduleOf(build, "page").action).toBeUndefined();
    expect(moduleOf(build, "page").default).toBe(Page);
  });
});
