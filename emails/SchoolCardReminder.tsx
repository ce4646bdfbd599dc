import { Button, Heading, Text } from "@react-email/components";
import { buttonStyle, EmailLayout } from "./Layout";

export type SchoolCardReminderKind = "beforeDue" | "onDue" | "escalation";

/**
 * The daily job's reminders about a card still with the school: before the last day and on it to
 * the named mentor (or else the principal and student health), and 7 days after it to the
 * principal. Like every e-mail, it only says that something waits in the portal.
 */
export interface SchoolCardReminderProps {
  recipientName: string;
  kind: SchoolCardReminderKind;
  schoolName: string;
  districtName: string;
  /** The last day, already formatted: "16 december 2026". */
  dueOn: string;
  /** Whole days past the last day; 0 before and on it. */
  daysLate: number;
  url: string;
}

export const schoolCardReminderSubject = () => "Påminnelse om ett skolkort – Samverkansportalen";

function days(count: number): string {
  return count === 1 ? "1 dag" : `${count} dagar`;
}

function reminderText({
  kind,
  schoolName,
  districtName,
  dueOn,
  daysLate,
}: SchoolCardReminderProps) {
  const asked = `Socialtjänsten vid ${districtName} har bett ${schoolName} fylla i ett skolkort`;
  switch (kind) {
    case "beforeDue":
      return `${asked}. Sista dag är ${dueOn}, om några dagar.`;
    case "onDue":
      return daysLate > 0
        ? `${asked}. Sista dag var ${dueOn}, för ${days(daysLate)} sedan.`
        : `${asked}. Sista dag är i dag, ${dueOn}.`;
    case "escalation":
      return (
        `${asked} senast ${dueOn}. Skolkortet är inte inlämnat och är nu ${days(daysLate)} ` +
        `försenat. Du får det här meddelandet som rektor: se till att någon på skolan fyller i ` +
        `och lämnar in det.`
      );
  }
}

export default function SchoolCardReminder(props: SchoolCardReminderProps) {
  const late = props.kind === "escalation";
  return (
    <EmailLayout
      preview={
        late
          ? `Ett skolkort till ${props.schoolName} är försenat`
          : `Påminnelse: ett skolkort till ${props.schoolName}`
      }
    >
      <Heading as="h1" style={{ fontSize: "22px" }}>
        {late ? "Ett skolkort är försenat" : "Påminnelse om ett skolkort"}
      </Heading>
      <Text>Hej {props.recipientName},</Text>
      <Text>{reminderText(props)}</Text>
      <Text>Vem det gäller och vad som efterfrågas ser du när du loggar in.</Text>
      <Button href={props.url} style={buttonStyle}>
        Öppna skolkortet
      </Button>
      <Text>Om knappen inte fungerar, kopiera den här adressen till webbläsaren: {props.url}</Text>
    </EmailLayout>
  );
}
