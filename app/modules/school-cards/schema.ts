/**
 * The school-card forms, shared by the browser (react-hook-form) and the actions: the
 * caseworker's request, and the school's answers as a draft or as submitted. The answers are one
 * object, stored as jsonb, one key a section (sections.ts); only the sections the basis for
 * disclosure allows are in the schema, so any other section's fields are stripped, whether they
 * come from a crafted post or from a draft saved before a consent was revoked.
 *
 * The answers' shape and schemas are in answers-schema.ts, the form's values in form-values.ts and
 * the request in request-schema.ts; this file is what the routes, the form and the tests import.
 */

export {
  schoolCardAnswersSchema,
  schoolCardDraftSchema,
  type SchoolCardAnswers,
  type SchoolCardDraft,
} from "./answers-schema";
export { schoolCardFormValues, type SchoolCardFormValues } from "./form-values";
export { defaultDueOn, requestSchoolCardSchema, termOf } from "./request-schema";
