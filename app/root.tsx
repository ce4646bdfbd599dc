import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import {
  Form,
  isRouteErrorResponse,
  Link,
  Links,
  Meta,
  NavLink,
  Outlet,
  Scripts,
  ScrollRestoration,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import type { ReactNode } from "react";
import { navigationFor, ROLE_LABELS } from "~/auth/roles";
import { SessionTimeout } from "~/auth/components/SessionTimeout";
import { actingMembership, getAuth, sessionTiming } from "~/auth/session.server";
import { FocusReset } from "~/components/ui/FocusReset";
import { useDatabaseUnavailable, useNonce, useRequestId } from "~/components/ui/request-info";
import stylesheet from "~/styles/app.css";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesheet },
  { rel: "icon", href: "/favicon.ico", sizes: "any" },
];

export const meta: MetaFunction = ({ error }) => {
  if (!error) return [{ title: "Samverkansportalen" }];
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const title =
    status === 404
      ? "Sidan finns inte"
      : status === 403
        ? "Ingen behörighet"
        : status === 400
          ? "Formuläret kunde inte läsas"
          : "Något gick fel";
  return [{ title: `${title} – Samverkansportalen` }];
};

export async function loader({ request, context }: LoaderFunctionArgs) {
  const auth = await getAuth(request);
  if (!auth)
    return {
      requestId: context.requestId,
      user: null,
      membership: null,
      canSwitch: false,
      session: null,
    };
  const active = actingMembership(auth);
  return {
    requestId: context.requestId,
    user: { name: auth.user.name },
    membership: active
      ? {
          role: active.role,
          roleLabel: ROLE_LABELS[active.role],
          organisationName: active.organisationName,
        }
      : null,
    canSwitch: auth.memberships.length > 1,
    // For the warning before the idle timeout (SessionTimeout).
    session: sessionTiming(auth),
  };
}

type RootData = Awaited<ReturnType<typeof loader>>;

function Header({ data }: { data: RootData | undefined }) {
  const user = data?.user;
  const membership = data?.membership;
  return (
    <header className="site-header">
      <div className="site-header__inner">
        <Link to="/" className="site-header__brand">
          Samverkansportalen
        </Link>
        {user ? (
          <div className="site-header__user">
            <p>
              <span className="site-header__name">{user.name}</span>
              {membership ? (
                <span className="site-header__org">
                  {membership.roleLabel}, {membership.organisationName}
                </span>
              ) : null}
            </p>
            <Link to="/konto" className="site-header__switch">
              Mitt konto
            </Link>
            {data?.canSwitch ? (
              <Link to="/valj-organisation" className="site-header__switch">
                Byt organisation
              </Link>
            ) : null}
            <Form method="post" action="/logout">
              <button type="submit" className="button button--secondary">
                Logga ut
              </button>
            </Form>
          </div>
        ) : null}
      </div>
      {membership ? (
        <nav aria-label="Huvudmeny" className="site-nav">
          <ul>
            {navigationFor(membership.role).map((item, index) => (
              <li key={item.to}>
                {/* The start page is active only on itself; the others on their subpages too. */}
                <NavLink to={item.to} end={index === 0}>
                  {item.label}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
    </header>
  );
}

export function Layout({ children }: { children: ReactNode }) {
  const nonce = useNonce();
  const requestId = useRequestId();
  const databaseUnavailable = useDatabaseUnavailable();
  const data = useRouteLoaderData<typeof loader>("root");
  return (
    <html lang="sv">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="request-id" content={requestId} />
        {databaseUnavailable ? <meta name="database-unavailable" content="true" /> : null}
        <Meta />
        <Links />
      </head>
      <body>
        <a href="#innehall" className="skip-link">
          Hoppa till innehållet
        </a>
        <Header data={data} />
        <main id="innehall" tabIndex={-1}>
          {children}
        </main>
        <footer className="site-footer">
          <p>Samverkansportalen – samverkan mellan skola och socialtjänst.</p>
          <p>
            <Link to="/tillganglighet">Tillgänglighetsredogörelse</Link>
          </p>
        </footer>
        {data?.session ? <SessionTimeout timing={data.session} /> : null}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  return (
    <>
      <FocusReset />
      <Outlet />
    </>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const requestId = useRequestId();
  const databaseUnavailable = useDatabaseUnavailable();
  if (isRouteErrorResponse(error) && error.status === 404) {
    return (
      <ErrorPage title="Sidan finns inte">
        <p>Sidan du sökte finns inte, eller så har du inte tillgång till den.</p>
        <p>
          Kontrollera adressen, eller gå till <Link to="/">startsidan</Link>.
        </p>
      </ErrorPage>
    );
  }
  if (isRouteErrorResponse(error) && error.status === 403) {
    return (
      <ErrorPage title="Du har inte behörighet till den här sidan">
        <p>
          Din roll ger inte tillgång till sidan. Behöver du den i ditt arbete, kontakta din chef.
        </p>
        <p>
          Gå till <Link to="/">din startsida</Link>.
        </p>
      </ErrorPage>
    );
  }
  if (isRouteErrorResponse(error) && error.status === 405) {
    return (
      <ErrorPage title="Sidan kan inte användas så">
        <p>
          Gå till <Link to="/">startsidan</Link>.
        </p>
      </ErrorPage>
    );
  }
  if (isRouteErrorResponse(error) && error.status === 400) {
    return (
      <ErrorPage title="Formuläret kunde inte läsas">
        <p>Det som skickades gick inte att läsa. Gå tillbaka, ladda om sidan och försök igen.</p>
        <p>
          Gå till <Link to="/">startsidan</Link>.
        </p>
      </ErrorPage>
    );
  }
  return (
    <ErrorPage title="Något gick fel">
      {databaseUnavailable ? (
        <>
          <p>
            Portalen når inte sin databas just nu. Det är oftast ett kort avbrott: försök igen om en
            minut.
          </p>
          <p>
            Skickade du något, till exempel en anmälan, kan det ha sparats innan avbrottet. Titta
            efter det i listan innan du skickar igen; en anmälan som skickas två gånger från samma
            formulär sparas bara en gång.
          </p>
        </>
      ) : (
        <p>
          Ett oväntat fel uppstod och det du försökte göra kan ha avbrutits. Försök igen om en
          stund.
        </p>
      )}
      {requestId ? (
        <p>
          Kontakta supporten om felet kvarstår och ange referensen{" "}
          <strong className="reference">{requestId}</strong>.
        </p>
      ) : null}
      <p>
        Gå till <Link to="/">startsidan</Link>.
      </p>
    </ErrorPage>
  );
}

function ErrorPage({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="page page--narrow">
      <h1>{title}</h1>
      {children}
    </div>
  );
}
