import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data as withHeaders } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useEffect } from "react";
import { readForm } from "~/lib/read-form.server";
import { changePassword } from "~/auth/account.server";
import { changePasswordSchema, MIN_PASSWORD_LENGTH, type ChangePasswordInput } from "~/auth/schema";
import { requireActor } from "~/auth/session.server";
import { useValidatedForm } from "~/components/ui/use-validated-form";
import { ErrorSummary } from "~/components/ui/ErrorSummary";
import { Field } from "~/components/ui/Field";
import { fieldErrorsFrom, type FieldErrors } from "~/lib/form";
import { updateOwnProfile } from "~/modules/people/people.server";
import { profileSchema, type ProfileInput } from "~/modules/people/schema";

export const meta: MetaFunction = () => [{ title: "Mitt konto – Samverkansportalen" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  return {
    profile: {
      name: actor.user.name,
      title: actor.user.title ?? "",
      phone: actor.user.phone ?? "",
      email: actor.user.email,
    },
  };
}

type ActionData = {
  intent: "profile" | "password";
  fieldErrors: FieldErrors;
  values: Record<string, string>;
  saved: boolean;
};

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const form = await readForm(request);
  const values = Object.fromEntries(
    [...form.entries()].map(([k, v]) => [k, typeof v === "string" ? v : ""]),
  );
  if (values.intent === "password") {
    // Passwords are never sent back to the page.
    const parsed = changePasswordSchema.safeParse(values);
    const blank = { intent: "password" as const, values: {}, saved: false };
    if (!parsed.success) return { ...blank, fieldErrors: fieldErrorsFrom(parsed.error.issues) };
    const result = await changePassword(actor.user.id, actor.session.id, {
      ...parsed.data,
      clientAddress: context.clientAddress,
    });
    if (!result.ok) {
      return {
        ...blank,
        fieldErrors: {
          currentPassword:
            result.reason === "throttled"
              ? "För många felaktiga försök. Vänta en stund och försök igen."
              : "Det nuvarande lösenordet stämmer inte.",
        },
      };
    }
    return withHeaders({ ...blank, fieldErrors: {}, saved: true } satisfies ActionData, {
      headers: { "Set-Cookie": result.cookie },
    });
  }
  const parsed = profileSchema.safeParse(values);
  if (!parsed.success) {
    return {
      intent: "profile" as const,
      fieldErrors: fieldErrorsFrom(parsed.error.issues),
      values,
      saved: false,
    };
  }
  await updateOwnProfile(actor, parsed.data);
  return { intent: "profile" as const, fieldErrors: {}, values: {}, saved: true };
}

function ProfileForm({
  defaults,
  actionData,
}: {
  defaults: ProfileInput;
  actionData?: ActionData;
}) {
  const mine = actionData?.intent === "profile" ? actionData : undefined;
  const { register, fieldErrors, summary, summaryFocus, onSubmit, submitting } =
    useValidatedForm<ProfileInput>({
      schema: profileSchema,
      defaultValues: mine?.saved ? defaults : { ...defaults, ...mine?.values },
      serverErrors: mine?.fieldErrors,
    });
  return (
    <Form method="post" noValidate className="form" onSubmit={onSubmit}>
      <ErrorSummary errors={summary} focusOn={summaryFocus} />
      {mine?.saved ? (
        <p className="notice" role="status">
          Dina uppgifter är sparade.
        </p>
      ) : null}
      <input type="hidden" name="intent" value="profile" />
      <Field label="Namn" autoComplete="name" error={fieldErrors.name} {...register("name")} />
      <Field
        label="Titel (frivilligt)"
        hint="Till exempel Socialsekreterare eller Skolkurator."
        autoComplete="organization-title"
        error={fieldErrors.title}
        {...register("title")}
      />
      <Field
        label="Telefon (frivilligt)"
        type="tel"
        autoComplete="tel"
        hint="Är du kontaktperson för en skola visas numret på skolans startsida."
        error={fieldErrors.phone}
        {...register("phone")}
      />
      <button type="submit" className="button" disabled={submitting}>
        Spara uppgifterna
      </button>
    </Form>
  );
}

function PasswordForm({ email, actionData }: { email: string; actionData?: ActionData }) {
  const mine = actionData?.intent === "password" ? actionData : undefined;
  const { register, reset, fieldErrors, summary, summaryFocus, onSubmit, submitting } =
    useValidatedForm<ChangePasswordInput>({
      schema: changePasswordSchema,
      defaultValues: { currentPassword: "", password: "", confirmPassword: "" },
      serverErrors: mine?.fieldErrors,
    });
  useEffect(() => {
    if (mine?.saved) reset();
  }, [mine, reset]);
  return (
    <Form method="post" noValidate className="form" onSubmit={onSubmit}>
      <ErrorSummary errors={summary} focusOn={summaryFocus} />
      {mine?.saved ? (
        <p className="notice" role="status">
          Lösenordet är bytt. Du är utloggad från alla andra enheter.
        </p>
      ) : null}
      <input type="hidden" name="intent" value="password" />
      <input type="hidden" name="username" autoComplete="username" value={email} />
      <Field
        label="Nuvarande lösenord"
        type="password"
        autoComplete="current-password"
        error={fieldErrors.currentPassword}
        {...register("currentPassword")}
      />
      <Field
        label="Nytt lösenord"
        type="password"
        autoComplete="new-password"
        hint={`Minst ${MIN_PASSWORD_LENGTH} tecken. En mening eller flera ord är lätt att minnas och svår att gissa.`}
        error={fieldErrors.password}
        {...register("password")}
      />
      <Field
        label="Upprepa det nya lösenordet"
        type="password"
        autoComplete="new-password"
        error={fieldErrors.confirmPassword}
        {...register("confirmPassword")}
      />
      <button type="submit" className="button" disabled={submitting}>
        Byt lösenord
      </button>
    </Form>
  );
}

export default function Account() {
  const { profile } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionData | undefined;
  return (
    <div className="page page--narrow">
      <h1>Mitt konto</h1>
      <p className="lead">Du loggar in som {profile.email}.</p>
      <section className="card" aria-labelledby="uppgifter">
        <h2 id="uppgifter">Dina uppgifter</h2>
        <ProfileForm
          key={actionData?.intent === "profile" && actionData.saved ? "sparad" : "form"}
          defaults={{ name: profile.name, title: profile.title, phone: profile.phone }}
          actionData={actionData}
        />
      </section>
      <section className="card" aria-labelledby="inloggning">
        <h2 id="inloggning">Sätt att logga in</h2>
        <ul className="plain-list">
          <li>
            <Link to="/konto/nycklar">Nycklar (passkeys)</Link>: logga in med datorns eller
            telefonens skärmlås, utan lösenord.
          </li>
          <li>
            <Link to="/konto/tvastegsverifiering">Tvåstegsverifiering</Link>: en kod från en app i
            telefonen efter lösenordet.
          </li>
        </ul>
      </section>
      <section className="card" aria-labelledby="losenord">
        <h2 id="losenord">Byt lösenord</h2>
        <PasswordForm email={profile.email} actionData={actionData} />
      </section>
      <section className="card" aria-labelledby="inloggningar">
        <h2 id="inloggningar">Var du är inloggad</h2>
        <p>Se på vilka enheter du är inloggad och logga ut från dem du inte använder.</p>
        <p>
          <Link to="/konto/sessioner">Dina inloggningar</Link>
        </p>
      </section>
    </div>
  );
}
