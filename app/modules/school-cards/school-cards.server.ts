/**
 * School cards (skolkort, issue 6; db/migrations/0009_school_cards.ts): the caseworker's request,
 * the school's list and answers, and the review.
 *
 * The gate: a request asks for the categories the consent gate allows from the district to the
 * school; none allowed is a refusal with the gate's reason. Every later read by either side asks
 * the gate again, and a card whose categories are all refused now (a consent revoked or run out)
 * is stopped at once: the school no longer sees the child.
 *
 * Scope: social services through the children module (the child's caseworker, the district
 * manager); the school through the card's school and, for a mentor, the card naming them
 * (policy.ts). Everything else, and anything that does not exist, is NotFoundError. Every read
 * and change is logged on the child; a request is also logged as a disclosure with its basis.
 */
export type { CardContext } from "./card-common.server";
export {
  requestFormContext,
  requestSchoolCard,
  listCardsForSocialServices,
  listCardsForSchool,
  schoolCardsWaiting,
  type RequestValues,
} from "./requesting.server";
export { getCard, cardAccess, type CardView } from "./card-view.server";
export {
  COMPLETION_DAYS,
  saveAnswers,
  askForCompletion,
  acceptCard,
  answersFromForm,
} from "./answering.server";

export { defaultDueOn } from "./schema";
