import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { readForm } from "~/lib/read-form.server";
import { requireActor, type Actor } from "~/auth/session.server";
import { fieldErrorsFrom } from "~/lib/form";
import { notFound } from "~/lib/not-found.server";
import { addChild } from "~/modules/children/children.server";
import { listSchoolChoices, readChildForm, refusalOf } from "~/modules/children/child-form.server";
import { ChildForm, EMPTY_CHILD } from "~/modules/children/components/ChildForm";
import { mayAddChild } from "~/modules/children/policy";
import { childSchema } from "~/modules/children/schema";

export const meta: MetaFunction = () => [{ title: "Lägg till barn – Samverkansportalen" }];

/** Only a caseworker adds children; to anyone else the page does not exist. */
async function requireCaseworker(request: Request): Promise<Actor> {
  const actor = await requireActor(request);
  if (!mayAddChild(actor.membership)) throw notFound();
  return actor;
}

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireCaseworker(request);
  return {
    districtName: actor.membership.organisationName,
    schools: await listSchoolChoices(actor),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requireCaseworker(request);
  const form = await readForm(request);
  const values = readChildForm(form);
  const parsed = childSchema.safeParse(Object.fromEntries(form));
  if (!parsed.success) {
    return { fieldErrors: fieldErrorsFrom(parsed.error.issues), duplicate: null, values };
  }
  const result = await addChild(actor, parsed.data, { requestId: context.requestId });
  if (result.kind === "added") return redirect(`/barn/${result.childId}`);
  return { ...refusalOf(result), values };
}

export default function NewChild() {
  const { districtName, schools } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <div className="page page--narrow">
      <p>
        <Link to="/barn">Tillbaka till mina barn</Link>
      </p>
      <p className="eyebrow">{districtName}</p>
      <h1>Lägg till barn</h1>
      <p className="lead">
        Uppgifterna om barnet som du följer. Bara du och enhetschefen kan öppna dem, och varje gång
        någon gör det loggas. Personnumret visas maskerat för alla som inte behöver hela numret.
      </p>
      <ChildForm
        values={actionData?.values ?? EMPTY_CHILD}
        schools={schools}
        serverErrors={actionData?.fieldErrors}
        duplicate={actionData?.duplicate}
        submitLabel="Lägg till barnet"
        cancelTo="/barn"
      />
    </div>
  );
}
