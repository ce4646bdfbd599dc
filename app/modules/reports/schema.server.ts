/**
 * The report forms that only the server checks: the school's answer to a meeting and its notes
 * on a sent report, a reply to a consultation and the school's routine. Their pages post plain
 * forms and show the action's errors, so these schemas stay out of the browser: a page that
 * imports schema.ts runs every schema in it, and zod with them. Intake's forms are checked in
 * the browser too: their schemas are in intake-schema.ts (re-exported here).
 */
import * as z from "zod/mini";
import { checkbox, consultationSchema, text, tooLong } from "./schema";

export { acknowledgeSchema, decisionSchema, forwardSchema } from "./intake-schema";

export const meetingAnswerSchema = z
  .object({
    answer: z.enum(["accept", "decline"], { error: "Välj om tiden passar." }),
    note: text(1000),
  })
  .check((ctx) => {
    if (ctx.value.answer === "decline" && ctx.value.note === "") {
      ctx.issues.push({
        code: "custom",
        message: "Skriv vilka tider som passar er bättre.",
        path: ["note"],
        input: "",
      });
    }
  });

export const noteSchema = z.object({
  body: z
    .string({ error: "Skriv tillägget." })
    .check(z.trim(), z.minLength(2, "Skriv tillägget."), z.maxLength(4000, tooLong(4000))),
});

export const consultationReplySchema = z.object({
  body: consultationSchema.shape.body,
});

export const schoolRoutineSchema = z.object({
  reportCosignRequired: checkbox,
  reportStudentHealthAccess: checkbox,
});
