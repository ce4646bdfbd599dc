/**
 * The frame of every e-mail. E-mails from the portal only ever say that something waits in the
 * portal and link there: never a child's name, identity number or any detail of a matter.
 */
import { Body, Container, Head, Hr, Html, Preview, Section, Text } from "@react-email/components";
import type { ReactNode } from "react";

export function EmailLayout({
  preview,
  children,
  audience = "staff",
}: {
  preview: string;
  children: ReactNode;
  /** "public": to someone without an account (a guardian), who never logs in. */
  audience?: "staff" | "public";
}) {
  return (
    <Html lang="sv">
      <Head />
      <Preview>{preview}</Preview>
      <Body
        style={{ backgroundColor: "#f4f6f8", fontFamily: "Arial, sans-serif", color: "#1b1f24" }}
      >
        <Container style={{ backgroundColor: "#ffffff", padding: "24px", maxWidth: "560px" }}>
          <Text style={{ fontSize: "18px", fontWeight: 700, color: "#0b4f71", margin: "0 0 16px" }}>
            Samverkansportalen
          </Text>
          <Section>{children}</Section>
          <Hr />
          <Text style={{ fontSize: "13px", color: "#4a5560" }}>
            {audience === "public"
              ? "Det här meddelandet skickades automatiskt från Samverkansportalen, som socialtjänsten och skolor använder för att samverka. Svara inte på det. Uppgifter om barn skickas aldrig med e-post."
              : "Det här meddelandet skickades automatiskt från Samverkansportalen. Svara inte på det. Uppgifter om barn och ärenden skickas aldrig med e-post – logga in i portalen för att läsa dem."}
          </Text>
        </Container>
      </Body>
    </Html>
  );
}

export const buttonStyle = {
  backgroundColor: "#0b4f71",
  color: "#ffffff",
  padding: "12px 20px",
  borderRadius: "6px",
  fontWeight: 700,
  textDecoration: "none",
} as const;

/** Joins names the Swedish way: "a", "a och b", "a, b och c". */
export function joinSwedish(items: readonly string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} och ${items[items.length - 1]}`;
}

export const quoteStyle = {
  borderLeft: "4px solid #c9d3dc",
  paddingLeft: "12px",
  color: "#1b1f24",
  fontStyle: "italic",
} as const;
