import { describe, expect, it } from "vitest";
import * as z from "zod/mini";
import { loginSchema } from "~/auth/schema";
import { schemaResolver } from "~/components/ui/schema-resolver";
import { flattenErrors } from "~/components/ui/use-validated-form";
import { templateSchema } from "~/modules/agreements/schema";

/** What react-hook-form hands a resolver: the registered fields and their names. */
function optionsFor(names: string[]) {
  const fields = Object.fromEntries(names.map((name) => [name, { name, ref: { name } }]));
  return { fields, names, shouldUseNativeValidation: false } as never;
}

async function resolve(schema: z.ZodMiniType, values: object, names: string[]) {
  return schemaResolver(schema as never)(values as never, undefined, optionsFor(names));
}

describe("schemaResolver", () => {
  it("hands on the parsed values of a valid form", async () => {
    const result = await resolve(loginSchema, { email: " Mentor@Demo.Test ", password: "x" }, [
      "email",
      "password",
    ]);
    expect(result).toEqual({ values: { email: "mentor@demo.test", password: "x" }, errors: {} });
  });

  it("gives each field its first Swedish message, with the field's element", async () => {
    const result = await resolve(loginSchema, { email: "", password: "" }, ["email", "password"]);
    expect(result.values).toEqual({});
    expect(result.errors).toEqual({
      email: { message: "Skriv din e-postadress.", type: "too_small", ref: { name: "email" } },
      password: { message: "Skriv ditt lösenord.", type: "too_small", ref: { name: "password" } },
    });
  });

  it("nests a list item's error by its path and files the list's own error under root", async () => {
    const names = ["title", "introduction", "changeNote", "sections.0.heading", "sections.0.body"];
    const item = await resolve(
      templateSchema,
      { title: "T", introduction: "", changeNote: "", sections: [{ heading: "", body: "b" }] },
      names,
    );
    expect(flattenErrors(item.errors)).toEqual({
      "sections.0.heading": "Skriv en rubrik för avsnittet.",
    });

    const list = await resolve(
      templateSchema,
      { title: "T", introduction: "", changeNote: "", sections: [] },
      names,
    );
    expect(list.errors).toMatchObject({
      sections: { root: { message: "Överenskommelsen behöver minst ett avsnitt." } },
    });
    expect(flattenErrors(list.errors)).toEqual({
      sections: "Överenskommelsen behöver minst ett avsnitt.",
    });
  });

  it("lets a failed union speak with the branch that came closest", async () => {
    const schema = z.object({
      answer: z.union([
        z.object({
          kind: z.literal("a", { error: "Fel sort." }),
          x: z.string({ error: "Saknas." }),
        }),
        z.object({ kind: z.literal("b", { error: "Välj b." }) }),
      ]),
    });
    const result = await resolve(schema, { answer: {} }, ["answer.kind", "answer.x"]);
    expect(result.errors).toMatchObject({ answer: { message: "Välj b.", type: "invalid_value" } });
    expect(flattenErrors(result.errors)).toEqual({ answer: "Välj b." });
  });
});
