/**
 * The agreement page's server half: one action, several intents (sign, decline, send for
 * signing, start a new version, discard a draft, set the review date, invite an independent
 * school's principal). The module refuses what the actor may not do with NotFoundError, which
 * the route turns into the 404 page; field errors come back with what was typed, and the page to
 * go to after an act as a result for the route to answer with.
 */
import type { Actor } from "~/auth/session.server";
import {
  badRequest,
  fieldErrorsFrom,
  goTo,
  type BadRequest,
  type FieldErrors,
  type FormRedirect,
} from "~/lib/form";
import {
  declineAgreement,
  discardDraft,
  invitePrincipalToSign,
  sendForSigning,
  setReviewDate,
  signAgreement,
  startNewVersion,
} from "./agreements.server";
import { stockholmDate } from "./policy";
import { declineSchema, principalInvitationSchema, reviewDateSchema } from "./schema.server";

const AGREEMENT_INTENTS = [
  "sign",
  "decline",
  "send",
  "newVersion",
  "discard",
  "reviewDate",
  "invite",
] as const;
type AgreementIntent = (typeof AGREEMENT_INTENTS)[number];

export type AgreementActionData = {
  intent: AgreementIntent;
  fieldErrors: FieldErrors;
  formError: string | null;
  values: Record<string, string>;
  done: string | null;
};

const CHANGED =
  "Överenskommelsen har ändrats sedan du öppnade sidan. Läs den nya texten innan du skriver under.";

export async function agreementFromForm(
  actor: Actor,
  agreementId: string,
  form: FormData,
  clientAddress: string,
): Promise<AgreementActionData | FormRedirect | BadRequest> {
  const values = Object.fromEntries(
    [...form.entries()].map(([k, v]) => [k, typeof v === "string" ? v : ""]),
  );
  const intent = AGREEMENT_INTENTS.find((i) => i === values.intent);
  if (!intent) return badRequest("Okänd åtgärd");
  // Passwords are never sent back to the page.
  const { password: _password, ...kept } = values;
  const answer = (
    part: Partial<Pick<AgreementActionData, "fieldErrors" | "formError" | "done">>,
  ): AgreementActionData => ({
    intent,
    fieldErrors: part.fieldErrors ?? {},
    formError: part.formError ?? null,
    values: part.done ? {} : kept,
    done: part.done ?? null,
  });
  const page = `/overenskommelser/${agreementId}`;

  switch (intent) {
    case "sign": {
      const result = await signAgreement(
        actor,
        agreementId,
        {
          versionId: values.versionId ?? "",
          documentHash: values.documentHash ?? "",
          password: values.password,
        },
        clientAddress,
      );
      if (result.kind === "changed") return answer({ formError: CHANGED });
      if (result.kind === "stepUp") return answer({ fieldErrors: { password: result.message } });
      return goTo(`${page}?${result.activated ? "aktiv=1" : "underskriven=1"}`);
    }
    case "decline": {
      const parsed = declineSchema.safeParse(values);
      if (!parsed.success) return answer({ fieldErrors: fieldErrorsFrom(parsed.error.issues) });
      const result = await declineAgreement(actor, agreementId, {
        versionId: values.versionId ?? "",
        reason: parsed.data.reason,
      });
      if (result.kind === "changed") return answer({ formError: CHANGED });
      return goTo(`${page}?nekad=1`);
    }
    case "send": {
      const result = await sendForSigning(actor, agreementId);
      if (result.kind === "notDraft") {
        return answer({ formError: "Det finns inget utkast att skicka." });
      }
      return goTo(`${page}?skickad=1`);
    }
    case "newVersion": {
      const from = values.from === "template" ? "template" : "current";
      const result = await startNewVersion(actor, agreementId, from);
      if (result.kind === "draftExists") {
        return answer({ formError: "Det finns redan ett utkast till en ny version." });
      }
      return goTo(`${page}/redigera`);
    }
    case "discard": {
      const result = await discardDraft(actor, agreementId);
      return goTo(result === "deleted" ? "/overenskommelser?borttagen=1" : page);
    }
    case "reviewDate": {
      const parsed = reviewDateSchema.safeParse(values);
      if (!parsed.success) return answer({ fieldErrors: fieldErrorsFrom(parsed.error.issues) });
      const date = parsed.data.reviewDate;
      if (Number.isNaN(Date.parse(`${date}T00:00:00Z`))) {
        return answer({ fieldErrors: { reviewDate: "Datumet finns inte." } });
      }
      if (date <= stockholmDate(new Date())) {
        return answer({ fieldErrors: { reviewDate: "Välj ett datum efter i dag." } });
      }
      await setReviewDate(actor, agreementId, date);
      return answer({ done: "Revisionsdatumet är sparat." });
    }
    case "invite": {
      const parsed = principalInvitationSchema.safeParse(values);
      if (!parsed.success) return answer({ fieldErrors: fieldErrorsFrom(parsed.error.issues) });
      const result = await invitePrincipalToSign(actor, agreementId, parsed.data);
      return answer({
        done:
          result.kind === "invited"
            ? `En inbjudan har skickats till ${parsed.data.email}.`
            : `${parsed.data.email} har redan ett konto och är nu rektor för skolan.`,
      });
    }
  }
}
